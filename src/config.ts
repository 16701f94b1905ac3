import { UserFacingError } from './errors.ts';

/** The validated configuration. The only place that reads process.env is `loadConfig`. */
export interface Config {
  /** Bot token; when absent `npm start` runs the console chat. */
  discordToken: string | null;
  /** Application id, needed to register commands (`npm run deploy-commands`). */
  discordClientId: string | null;
  /** Register commands to this guild only (instant) instead of globally. */
  discordGuildId: string | null;
  /** REST base URL override (a REST proxy; tests point it at a fake Discord). */
  discordApiUrl: string | null;
  corpusDir: string;
  /** Role ids whose members count as moderators, besides members with Manage Server. */
  modRoleIds: readonly string[];
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** The console chat's log level: LOG_LEVEL when set, otherwise warn (a newcomer sees answers, not logs). */
  chatLogLevel: Config['logLevel'];
  /**
   * CORPUS_GUILD_IDS: the servers whose moderators may change the corpus (/reindex, /corpus). Empty:
   * allowed only while the bot is in exactly one server.
   */
  corpusGuildIds: readonly string[];
  /** At most this many questions per user per `cooldownSeconds`. */
  cooldownQuestions: number;
  cooldownSeconds: number;
  /** Largest document accepted, from disk or as an attachment, in bytes. */
  maxDocumentBytes: number;
  /** Total size of all documents together, in bytes: more is refused on add and fails a reindex. */
  corpusMaxBytes: number;
  /** Save and reuse the index next to the corpus. */
  indexSnapshot: boolean;
  /** Reindex by itself when files in the corpus directory change. */
  corpusWatch: boolean;
  dataDir: string;
  queryLog: boolean;
  queryLogDays: number;
  metricsPort: number | null;
  metricsHost: string;
  /**
   * SHARD_COUNT: how many gateway shards, or 'auto' to ask Discord. `npm start` runs them all in one
   * client (one index); `start:sharded` runs one process per shard.
   */
  shardCount: number | 'auto';
  /** This process's shard under the ShardingManager (which sets SHARDS), 0 otherwise. */
  shardId: number;
  /** Under `start:sharded` (SHARDS set): the manager chose this process's shards, not SHARD_COUNT. */
  shardedByManager: boolean;
  /** AUTO_ANSWER_CHANNEL_IDS: forum or text channels whose new threads are asked as questions. */
  autoAnswerChannelIds: readonly string[];
  /** MODLOG_CHANNEL_ID: where 👎 votes and questions unanswered three times a day are posted; null: nowhere. */
  modlogChannelId: string | null;
  /** MESSAGE_CONTENT_INTENT: the operator enabled the privileged Message Content intent (a thread's first message is read). */
  messageContentIntent: boolean;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const SNOWFLAKE = /^\d{17,20}$/;

type Env = Record<string, string | undefined>;

/**
 * Reads, validates and freezes the configuration. Every bad variable is named in one error, so an
 * operator fixes them all at once. Empty values count as unset.
 */
export function loadConfig(env: Env = process.env): Readonly<Config> {
  const problems: string[] = [];
  const str = (name: string): string | null => {
    const v = env[name]?.trim();
    return v ? v : null;
  };
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const v = str(name);
    if (v === null) return fallback;
    const n = Number(v);
    if (!Number.isInteger(n) || n < min || n > max) {
      problems.push(`${name} must be a whole number from ${min} to ${max} (got "${v}")`);
      return fallback;
    }
    return n;
  };
  const bool = (name: string, fallback: boolean): boolean => {
    const v = str(name)?.toLowerCase();
    if (v === undefined) return fallback;
    if (['1', 'true', 'yes', 'on'].includes(v)) return true;
    if (['0', 'false', 'no', 'off'].includes(v)) return false;
    problems.push(`${name} must be true or false (got "${v}")`);
    return fallback;
  };
  const snowflake = (name: string): string | null => {
    const v = str(name);
    if (v !== null && !SNOWFLAKE.test(v)) problems.push(`${name} must be a Discord id (17–20 digits)`);
    return v;
  };

  const token = str('DISCORD_TOKEN');
  if (token !== null && !/^[\w.-]{20,}$/.test(token)) {
    problems.push(
      'DISCORD_TOKEN does not look like a bot token (copy it from the Developer Portal, Bot → Reset Token)',
    );
  }
  const apiUrl = str('DISCORD_API_URL');
  if (apiUrl !== null && !/^https?:\/\/[^\s/]+/.test(apiUrl)) problems.push('DISCORD_API_URL must be an http(s) URL');
  const logLevelSet = str('LOG_LEVEL') !== null;
  const logLevel = (str('LOG_LEVEL') ?? 'info').toLowerCase();
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel))
    problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);
  const ids = (name: string, what: string): string[] => {
    const list = (str(name) ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    for (const id of list) if (!SNOWFLAKE.test(id)) problems.push(`${name} has "${id}", which is not ${what}`);
    return list;
  };
  const modRoleIds = ids('MOD_ROLE_IDS', 'a role id');
  const corpusGuildIds = ids('CORPUS_GUILD_IDS', 'a server id');
  const metricsPort = str('METRICS_PORT') === null ? null : int('METRICS_PORT', 0, 1, 65_535);
  const shardCount =
    (str('SHARD_COUNT') ?? 'auto').toLowerCase() === 'auto' ? 'auto' : int('SHARD_COUNT', 1, 1, 10_000);

  const config: Config = {
    discordToken: token,
    discordClientId: snowflake('DISCORD_CLIENT_ID'),
    discordGuildId: snowflake('DISCORD_GUILD_ID'),
    discordApiUrl: apiUrl?.replace(/\/+$/, '') ?? null,
    corpusDir: str('CORPUS_DIR') ?? 'corpus',
    modRoleIds: Object.freeze(modRoleIds),
    logLevel: logLevel as Config['logLevel'],
    chatLogLevel: logLevelSet ? (logLevel as Config['logLevel']) : 'warn',
    corpusGuildIds: Object.freeze(corpusGuildIds),
    cooldownQuestions: int('COOLDOWN_QUESTIONS', 5, 1, 1_000_000),
    cooldownSeconds: int('COOLDOWN_SECONDS', 30, 1, 86_400),
    maxDocumentBytes: int('MAX_DOCUMENT_BYTES', 2 * 1024 * 1024, 1_024, 50 * 1024 * 1024),
    corpusMaxBytes: int('CORPUS_MAX_BYTES', 200 * 1024 * 1024, 1_024, 4 * 1024 * 1024 * 1024),
    indexSnapshot: bool('INDEX_SNAPSHOT', true),
    corpusWatch: bool('CORPUS_WATCH', false),
    dataDir: str('DATA_DIR') ?? 'data',
    queryLog: bool('QUERY_LOG', true),
    queryLogDays: int('QUERY_LOG_DAYS', 90, 1, 3_650),
    metricsPort,
    metricsHost: str('METRICS_HOST') ?? '127.0.0.1',
    shardCount,
    shardId: Number(/\d+/.exec(str('SHARDS') ?? '')?.[0] ?? 0),
    shardedByManager: str('SHARDS') !== null,
    autoAnswerChannelIds: Object.freeze(ids('AUTO_ANSWER_CHANNEL_IDS', 'a channel id')),
    modlogChannelId: snowflake('MODLOG_CHANNEL_ID'),
    messageContentIntent: bool('MESSAGE_CONTENT_INTENT', false),
  };
  if (problems.length > 0) {
    throw new UserFacingError('config.invalid', { problems: problems.join('\n- ') });
  }
  return Object.freeze(config);
}
