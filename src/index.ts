// Composition root: the only module with side effects at import. Reads the configuration, opens the
// corpus and, at the same time, connects the Discord bot when a token is configured; without one it
// runs the console chat once the corpus is open.
import './heapFlags.ts';
import 'dotenv/config';
import { runChat } from './cli/chat.ts';
import { loadConfig, type Config } from './config.ts';
import { Library } from './store/library.ts';
import { watchCorpus } from './store/watchCorpus.ts';
import { Cooldown } from './discord/cooldown.ts';
import type { BotContext } from './discord/context.ts';
import { describeError, isUserFacing } from './errors.ts';
import { createLogger, type Logger } from './logger.ts';
import { exitOnBrokenPipe, exitOnCrash } from './processGuards.ts';
import { VERSION } from './version.ts';

exitOnBrokenPipe();

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

let config: Readonly<Config>;
try {
  config = loadConfig();
} catch (err) {
  // A configuration error lists every bad variable, one per line.
  fail(isUserFacing(err) ? err.message : describeError(err));
}
const logger: Logger = createLogger({
  level: config.discordToken ? config.logLevel : config.chatLogLevel,
  secrets: [config.discordToken],
});
exitOnCrash(logger);

// The dictionaries' background warm-up waits until the bot is connected (or the chat started): start-up first.
let started: () => void = () => {};
const startedUp = new Promise<void>((resolve) => (started = resolve));
const library = new Library({
  corpusDir: config.corpusDir,
  snapshot: config.indexSnapshot,
  load: { maxFileBytes: config.maxDocumentBytes },
  maxCorpusBytes: config.corpusMaxBytes,
  logger: logger.child({ area: 'corpus' }),
  warmUp: 'background',
  warmUpAfter: startedUp,
});
// The bot connects to Discord while the corpus opens (the gateway handshake is mostly waiting on the
// network): questions that arrive first wait for the index (BotContext.libraryOpened), the console chat
// starts after it.
const opened = library.open().then(
  () => {},
  (err: unknown) => {
    if (!isUserFacing(err)) logger.error({ err }, 'could not open the corpus');
    fail(`Cannot start: ${describeError(err)}`);
  },
);
// Watching from before the corpus is read: a change made while it opens is not missed.
if (config.corpusWatch) watchCorpus(library, logger.child({ area: 'corpus' }), undefined, opened);

if (!config.discordToken) {
  await opened;
  process.stderr.write(
    'No DISCORD_TOKEN configured: starting the console chat. To connect the bot, put DISCORD_TOKEN in .env (see README, "Connecting the bot").\n',
  );
  started();
  await runChat(library);
} else {
  // Loaded only for the bot: the console chat needs neither discord.js nor the query log and metrics.
  const [{ startDiscord }, { servingStateOf, startObservability }] = await Promise.all([
    import('./discord/main.ts'),
    import('./observe/index.ts'),
  ]);
  // Under start:sharded every shard is a process of its own: each serves metrics on its own port.
  const obsConfig =
    config.metricsPort === null ? config : { ...config, metricsPort: config.metricsPort + config.shardId };
  const obs = await startObservability(obsConfig, logger, servingStateOf(library)).catch((err: unknown) =>
    fail(describeError(err)),
  );
  const ctx: BotContext = {
    config,
    library,
    logger: logger.child({ area: 'discord' }),
    cooldown: new Cooldown(config.cooldownQuestions, config.cooldownSeconds * 1000),
    startedAt: new Date(),
    version: VERSION,
    observer: obs.observer,
    queryLog: obs.queryLog,
    libraryOpened: opened,
  };
  try {
    await startDiscord(ctx, config.discordToken, obs);
    await opened;
    started();
  } catch (err) {
    // An open metrics port would keep a failed start alive: close everything, then say why.
    await obs.close();
    fail(`Cannot connect to Discord: ${describeError(err)}`);
  }
}
