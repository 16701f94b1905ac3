/**
 * A small fake Discord — REST API and gateway on 127.0.0.1 — that the real discord.js client talks to
 * end to end, offline. Tests drive it (dispatch interactions and messages, inject faults) and read what
 * the bot did (every REST request, the messages it left, each interaction's state).
 *
 * ```ts
 * const fake = await FakeDiscord.start();                // or: await new FakeDiscord().start()
 * const client = new Client(fake.clientOptions());       // or the bot's own createClient({ discordApiUrl: fake.apiUrl })
 * await client.login(FAKE_TOKEN);                        // any token, unless `token` is set in the options
 * const ix = fake.sendCommand({ name: 'ask', options: { question: 'why?' } });
 * const reply = await ix.waitForResponse();              // the message the user sees (after a deferral, once edited)
 * await client.destroy();
 * await fake.close();
 * ```
 *
 * Two layers share one server: the compact helpers the first e2e suites were written with (`command`,
 * `autocomplete`, `button`, `userMessage`, `callbackOf`, `inject`, `serveAttachment`, `closeGateway`,
 * `waitFor`, with raw Discord option objects and their original defaults), and the richer API
 * (`sendCommand`/`sendAutocomplete`/`sendComponent`/`sendMessage` with typed specs, message and
 * interaction state, {@link FakeGateway} sessions, {@link faults}). Both record into the same
 * {@link FakeDiscord.requests}; interactions and messages sent either way are known to the REST side.
 *
 * What discord.js 14.28 / @discordjs/ws 1.2 / @discordjs/rest 2.6 do, as read from their source (and what
 * this fake therefore does):
 * - Discovery: `GET {rest.api}/v10/gateway/bot` → `{ url, shards, session_start_limit }`. The shard then
 *   connects to `${url}?v=10&encoding=json` (no path; the fake accepts any path). After READY it reconnects
 *   to `resume_gateway_url`, which this fake sets to `${gatewayUrl}/resume` so a test can tell the two apart
 *   (see {@link FakeGateway.connections}).
 * - Compression: discord.js asks for `compress=zlib-stream` only when the optional `zlib-sync` package is
 *   installed (it is not here), and never sets identify `compress: true` in that case. The fake never
 *   compresses; it records what was asked ({@link GatewayConnectionInfo.query}, {@link FakeGateway.identifies})
 *   and always sends text frames, which @discordjs/ws parses as JSON whatever compression it asked for.
 * - Close codes (what the client does when the fake closes the socket with a code):
 *   resume (RESUME on the next connection): 4000, 4001, 4002, 4009, any unlisted code (e.g. 1001, 1011, 4999),
 *   and an abnormal drop (1006, {@link FakeGateway.drop});
 *   re-identify (fresh IDENTIFY): 1000, 4003, 4005, 4007, 4008;
 *   give up (shardDisconnect, no reconnection): 4004, 4010, 4011, 4012, 4013, 4014.
 *   4200 is the client's own "I am going to resume" code; if a server sends it, the client does nothing.
 *   Every reconnection waits 500 ms first, and an IDENTIFY within 5 s of the previous one waits for the
 *   identify throttle (5–6.5 s) unless the client was built with {@link FakeDiscord.clientOptions} (no throttle).
 * - Zombie detection: when a heartbeat is not ACKed by the time of the next one, the client closes with
 *   4200 and resumes. With {@link FakeDiscordOptions.heartbeatIntervalMs} = H it notices within 2·H.
 * - REST: a 5xx is retried up to 3 times (4 requests in all), then thrown; a 429 waits `Retry-After`
 *   seconds (+50 ms) and retries, indefinitely; other 4xx are thrown to the caller as DiscordAPIError.
 *   A connection reset mid-request is retried only when undici reports ECONNRESET (see {@link faults.reset}).
 *   Interaction callbacks and webhook (follow-up, @original) routes are sent without Authorization.
 * - Intents: without MessageContent, Discord blanks content/embeds/attachments/components of guild messages
 *   that do not mention the bot (DMs and the bot's own messages keep theirs); the fake does the same. Note that
 *   discord.js sets `message.mentions.repliedUser` from `referenced_message.author` whether or not the reply
 *   pings, so a non-pinging reply to the bot looks addressed to it but arrives with empty content.
 * - The bot's own messages (channel posts, non-ephemeral interaction responses) come back as MESSAGE_CREATE /
 *   MESSAGE_UPDATE / MESSAGE_DELETE, as on Discord ({@link FakeDiscordOptions.echoBotMessages}).
 * - Bodies are checked as Discord does (content ≤ 2000 code points, embeds, components, empty messages,
 *   allowed_mentions parse/users exclusivity; {@link FakeDiscordOptions.validate}): a violation gets 400 50035 or
 *   50006, which discord.js throws as DiscordAPIError. Unknown routes get 404 `{ message: 'Unknown route', code: 0 }`
 *   (Discord says `404: Not Found`); see {@link FakeDiscord.unhandledRequests}.
 */
import { randomBytes } from 'node:crypto';
import { EventEmitter, once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import {
  GatewayIntentBits,
  Partials,
  PermissionFlagsBits,
  type APIAttachment,
  type APIEmbed,
  type APIRole,
  type APIUser,
  type ClientOptions,
} from 'discord.js';

// ---------------------------------------------------------------------------------------------------
// Plain data
// ---------------------------------------------------------------------------------------------------

/** A JSON object as received or sent; narrow it before reading deep fields. */
export type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

const DISCORD_EPOCH = 1_420_070_400_000n;
let snowflakeCounter = 0n;

/** A fresh, time-ordered snowflake (what Discord's ids look like; discord.js reads timestamps from them). */
export function nextSnowflake(at: number = Date.now()): string {
  snowflakeCounter = (snowflakeCounter + 1n) & 0xfffn;
  return (((BigInt(at) - DISCORD_EPOCH) << 22n) | (1n << 17n) | snowflakeCounter).toString();
}

/** Alias of {@link nextSnowflake}. */
export function snowflake(): string {
  return nextSnowflake();
}

function isoNow(): string {
  return new Date().toISOString();
}

function codePoints(text: string): number {
  let n = 0;
  for (const _ of text) n += 1;
  return n;
}

// ---------------------------------------------------------------------------------------------------
// Defaults: ids, users, roles, the guild
// ---------------------------------------------------------------------------------------------------

/**
 * A token for tests. The fake accepts any token unless {@link FakeDiscordOptions.token} names one; then a
 * wrong one gets 401 on REST and close 4004 on the gateway.
 */
export const FAKE_TOKEN = 'MTAwMDAwMDAwMDAwMDAwMDAx.Gfake0.fake-bot-token-for-offline-tests-only';

/** The application id; also the bot's user id, as for any modern Discord application. */
export const APP_ID = '100000000000000001';
/** The bot's user id (= {@link APP_ID}). */
export const BOT_ID = APP_ID;
/** Alias of {@link BOT_ID}. */
export const BOT_USER_ID = BOT_ID;
/** Alias of {@link APP_ID}. */
export const APPLICATION_ID = APP_ID;
/** The default guild; its @everyone role has the same id. */
export const GUILD_ID = '200000000000000002';
/** The @everyone role of the default guild (= {@link GUILD_ID}). */
export const EVERYONE_ROLE_ID = GUILD_ID;
/** The default guild's first text channel (#general), where guild interactions and messages happen. */
export const CHANNEL_ID = '300000000000000003';
/** Alias of {@link CHANNEL_ID}. */
export const TEXT_CHANNEL_ID = CHANNEL_ID;
/** A second text channel (#help) in the default guild. */
export const OTHER_CHANNEL_ID = '300000000000000004';
/** The DM channel between the bot and {@link MEMBER_USER}. */
export const DM_CHANNEL_ID = '300000000000000099';
/** A role with no permissions of its own, declared in GUILD_CREATE: for a bot configured with moderator role ids. */
export const MOD_ROLE_ID = '400000000000000004';
/** Alias of {@link MOD_ROLE_ID}. */
export const MODERATOR_ROLE_ID = MOD_ROLE_ID;
/** A role granting Manage Server (and nothing else beyond @everyone). */
export const MANAGER_ROLE_ID = '400000000000000005';
/** The bot's managed role. */
export const BOT_ROLE_ID = '400000000000000006';
/** An ordinary member: no roles beyond @everyone. The default author of interactions and messages. */
export const USER_ID = '500000000000000005';
/** Alias of {@link USER_ID}. */
export const MEMBER_USER_ID = USER_ID;
/** Another ordinary member, to mention or pass as a user option. */
export const OTHER_USER_ID = '500000000000000006';
/** A member holding {@link MOD_ROLE_ID}. */
export const MODERATOR_USER_ID = '500000000000000007';
/** A member holding {@link MANAGER_ROLE_ID} (Manage Server). */
export const MANAGER_USER_ID = '500000000000000008';
/** The guild owner (every permission). */
export const OWNER_USER_ID = '500000000000000009';
/** Permission bits of an ordinary member as the compact helpers send them: Use Application Commands. */
export const PERMS_MEMBER = '2147483648';
/** {@link PERMS_MEMBER} plus Manage Server (1 << 5). */
export const PERMS_MANAGE_GUILD = String((1n << 5n) | 2147483648n);

/** Builds an {@link APIUser} with the fields discord.js reads. */
export function makeUser(id: string, username: string, extra: Partial<APIUser> = {}): APIUser {
  return { id, username, discriminator: '0', global_name: username, avatar: null, ...extra };
}

/** The bot user (username `bot`). */
export const BOT_USER: APIUser = Object.freeze(makeUser(BOT_ID, 'bot', { bot: true, global_name: null }));
/** {@link USER_ID}, username `member`: what the compact helpers send too. */
export const MEMBER_USER: APIUser = Object.freeze(makeUser(USER_ID, 'member', { bot: false, global_name: null }));
export const OTHER_USER: APIUser = Object.freeze(makeUser(OTHER_USER_ID, 'friend', { global_name: null }));
export const MODERATOR_USER: APIUser = Object.freeze(makeUser(MODERATOR_USER_ID, 'moderator', { global_name: null }));
export const MANAGER_USER: APIUser = Object.freeze(makeUser(MANAGER_USER_ID, 'manager', { global_name: null }));
export const OWNER_USER: APIUser = Object.freeze(makeUser(OWNER_USER_ID, 'owner', { global_name: null }));

const P = PermissionFlagsBits;
/** Every permission bit discord.js knows (what the owner and Administrator get). */
export const ALL_PERMISSIONS: bigint = Object.values(PermissionFlagsBits).reduce((all, bit) => all | bit, 0n);
/** What @everyone may do in the default guild: read, write, embed, attach, react, use commands. */
export const EVERYONE_PERMISSIONS: bigint =
  P.ViewChannel |
  P.SendMessages |
  P.SendMessagesInThreads |
  P.CreatePublicThreads |
  P.EmbedLinks |
  P.AttachFiles |
  P.ReadMessageHistory |
  P.AddReactions |
  P.UseExternalEmojis |
  P.UseApplicationCommands |
  P.ChangeNickname |
  P.CreateInstantInvite;
/** The bot role's permissions on top of @everyone. */
export const BOT_PERMISSIONS: bigint = EVERYONE_PERMISSIONS | P.ManageMessages;

/** Builds an {@link APIRole}. */
export function makeRole(
  id: string,
  name: string,
  permissions: bigint | string,
  extra: Partial<APIRole> = {},
): APIRole {
  return {
    id,
    name,
    color: 0,
    colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
    hoist: false,
    icon: null,
    unicode_emoji: null,
    position: 0,
    permissions: permissions.toString(),
    managed: false,
    mentionable: false,
    flags: 0 as APIRole['flags'],
    ...extra,
  };
}

/** A member of a {@link FakeGuild}. */
export interface FakeGuildMember {
  user: APIUser;
  /** Role ids (without @everyone). discord.js keeps only roles the guild declared. */
  roles: string[];
  nick?: string | null;
  joinedAt?: string;
}

/** A channel of a {@link FakeGuild}. `type` 0 = text (default), 2 = voice, 4 = category, 5 = announcement. */
export interface FakeChannel {
  id: string;
  name: string;
  type?: number;
  topic?: string | null;
  parentId?: string | null;
  permissionOverwrites?: JsonObject[];
  rateLimitPerUser?: number;
}

/** A guild as the fake sends it in GUILD_CREATE. Mutate it before the client connects, or between tests. */
export interface FakeGuild {
  id: string;
  name: string;
  ownerId: string;
  preferredLocale: string;
  /** Must include @everyone (id = guild id). */
  roles: APIRole[];
  channels: FakeChannel[];
  members: FakeGuildMember[];
  /** Extra GUILD_CREATE fields, merged last. */
  extra?: JsonObject;
}

/** The default guild's roles: @everyone, Moderator, Manager (Manage Server), and the bot's role. */
export function defaultRoles(guildId: string = GUILD_ID): APIRole[] {
  return [
    makeRole(guildId, '@everyone', EVERYONE_PERMISSIONS),
    makeRole(MODERATOR_ROLE_ID, 'Moderators', 0n, { position: 1 }),
    makeRole(MANAGER_ROLE_ID, 'Managers', P.ManageGuild, { position: 2 }),
    makeRole(BOT_ROLE_ID, 'bot', BOT_PERMISSIONS, { position: 3, managed: true, tags: { bot_id: BOT_ID } }),
  ];
}

/**
 * The default guild "Test server": #general and #help; the bot, {@link MEMBER_USER}, {@link OTHER_USER},
 * {@link MODERATOR_USER} (Moderators role), {@link MANAGER_USER} (Managers role: Manage Server), {@link OWNER_USER}.
 */
export function defaultGuild(overrides: Partial<FakeGuild> = {}): FakeGuild {
  return {
    id: GUILD_ID,
    name: 'Test server',
    ownerId: OWNER_USER_ID,
    preferredLocale: 'en-US',
    roles: defaultRoles(overrides.id ?? GUILD_ID),
    channels: [
      { id: TEXT_CHANNEL_ID, name: 'general', type: 0, topic: null },
      { id: OTHER_CHANNEL_ID, name: 'help', type: 0, topic: null },
    ],
    members: [
      { user: BOT_USER, roles: [BOT_ROLE_ID] },
      { user: MEMBER_USER, roles: [] },
      { user: OTHER_USER, roles: [] },
      { user: MODERATOR_USER, roles: [MODERATOR_ROLE_ID] },
      { user: MANAGER_USER, roles: [MANAGER_ROLE_ID] },
      { user: OWNER_USER, roles: [] },
    ],
    ...overrides,
  };
}

/** A user's permissions in a guild (roles only; no channel overwrites): owner and Administrator get all. */
export function computePermissions(guild: FakeGuild, userId: string, roleIds: readonly string[]): bigint {
  if (userId === guild.ownerId) return ALL_PERMISSIONS;
  let permissions = 0n;
  for (const role of guild.roles) {
    if (role.id === guild.id || roleIds.includes(role.id)) permissions |= BigInt(role.permissions);
  }
  return (permissions & P.Administrator) !== 0n ? ALL_PERMISSIONS : permissions;
}

/** Which shard a guild belongs to: `(guild_id >> 22) % shard_count`. */
export function shardOf(guildId: string, shardCount: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}

// ---------------------------------------------------------------------------------------------------
// Messages, interactions, requests: what tests read
// ---------------------------------------------------------------------------------------------------

/** A message as the fake stores it (and sends it to the client): Discord's message object. */
export interface FakeMessage {
  id: string;
  channel_id: string;
  guild_id?: string;
  author: APIUser;
  member?: JsonObject;
  content: string;
  timestamp: string;
  edited_timestamp: string | null;
  tts: boolean;
  mention_everyone: boolean;
  mentions: APIUser[];
  mention_roles: string[];
  attachments: APIAttachment[];
  embeds: APIEmbed[];
  /** Top-level components (action rows, or Components V2 when flags has 1 << 15); see {@link buttonsOf}. */
  components: JsonObject[];
  pinned: boolean;
  /** 0 default, 19 reply, 20 slash-command response. */
  type: number;
  /** 64 ephemeral, 128 loading (a deferred reply not yet edited), 4096 silent, 32768 Components V2. */
  flags: number;
  webhook_id?: string;
  application_id?: string;
  message_reference?: { type: number; message_id: string; channel_id: string; guild_id?: string };
  referenced_message?: FakeMessage | null;
  interaction_metadata?: JsonObject;
  channel_type?: number;
  /** Fake-only, never sent to the client: the `allowed_mentions` the sender asked for. */
  allowed_mentions?: unknown;
}

/** A button in a message, as sent by the bot. */
export interface FakeButton {
  type: number;
  style: number;
  custom_id?: string;
  label?: string;
  url?: string;
  disabled?: boolean;
  emoji?: unknown;
}

/** Every button of a message, in order (action rows, and buttons nested in Components V2 sections/containers). */
export function buttonsOf(message: Pick<FakeMessage, 'components'>): FakeButton[] {
  const out: FakeButton[] = [];
  const walk = (node: unknown): void => {
    if (!isObject(node)) return;
    if (node['type'] === 2) out.push(node as unknown as FakeButton);
    for (const key of ['components', 'accessory']) {
      const child = node[key];
      if (Array.isArray(child)) child.forEach(walk);
      else walk(child);
    }
  };
  message.components.forEach(walk);
  return out;
}

/** A file part of a multipart request. */
export interface RecordedFile {
  /** The form field, e.g. `files[0]`. */
  readonly field: string;
  readonly name: string;
  readonly size: number;
  readonly contentType: string;
  readonly data: Uint8Array;
}

/**
 * One HTTP request the fake received, recorded on arrival (attachment downloads are not requests: see
 * {@link FakeDiscord.attachmentDownloads}).
 */
export interface RecordedRequest {
  /** Arrival order, from 1 (not reset by {@link FakeDiscord.clearRequests}). */
  readonly seq: number;
  /** Arrival time, ms since the epoch. */
  readonly at: number;
  readonly method: string;
  /** Decoded path under the API version: `/interactions/1/tok/callback`, `/webhooks/1/tok/messages/@original`. */
  readonly path: string;
  /** The path as sent, percent-encoding included, without the query. */
  readonly rawPath: string;
  /** Whether the request went under `/api`. */
  readonly api: boolean;
  /** The API version in the URL (10 for discord.js 14), or null. */
  readonly version: number | null;
  /** The query string, e.g. `with_response=false` on callbacks, `wait=true` on follow-ups. */
  readonly query: URLSearchParams;
  /** All request headers, lower-cased names. */
  readonly headers: Readonly<Record<string, string>>;
  /** The Authorization header (`Bot <token>`), if any: discord.js sends none on callbacks and webhooks. */
  readonly authorization: string | undefined;
  /** Parsed JSON body, or the parsed `payload_json` of a multipart body; null when there is none. */
  readonly body: unknown;
  /** The body as text (multipart included, file bytes decoded as UTF-8). */
  readonly rawBody: string;
  /** File parts of a multipart body. */
  readonly files: readonly RecordedFile[];
  /** The route that handled it (e.g. `POST /channels/:channel/messages`); null for an unknown route (404 `Unknown route`). */
  route: string | null;
  /** The status answered; null while pending (a `delay` or `hang` fault) or when the connection was reset. */
  status: number | null;
  /** The JSON answered, if any. */
  response: unknown;
  /** The injected fault that answered or delayed it, if any (e.g. `respond 429`, `delay 200ms`, `reset`). */
  fault: string | null;
}

/** What a test knows about one interaction it sent. */
export interface InteractionState {
  readonly id: string;
  readonly token: string;
  readonly kind: InteractionKind;
  /** The INTERACTION_CREATE payload. */
  readonly payload: JsonObject;
  readonly channelId: string;
  readonly guildId: string | null;
  /** When the fake dispatched it, ms since the epoch. */
  readonly createdAt: number;
  /** Every callback request for it (faulted and refused ones included). */
  readonly callbacks: RecordedRequest[];
  /** When the first callback succeeded, or null. */
  acknowledgedAt: number | null;
  /** The accepted callback type: 4 reply, 5 deferred reply, 6 deferred update, 7 update, 8 choices, 9 modal. */
  responseType: number | null;
  /** The message `@original` names: the reply (4/5) or the component's message (6/7). */
  originalMessageId: string | null;
  /** Successful edits of `@original`. */
  originalEdits: number;
  followUpIds: string[];
  /** Autocomplete choices answered (type 8). */
  choices: JsonObject[] | null;
  /** The modal shown (type 9). */
  modal: JsonObject | null;
  /** The component message a component interaction was sent from. */
  readonly interactedMessageId: string | null;
}

export type InteractionKind = 'command' | 'autocomplete' | 'component';

// ---------------------------------------------------------------------------------------------------
// REST faults
// ---------------------------------------------------------------------------------------------------

/** Which requests a fault or a waiter applies to. A string path may use `:param` and `*` segments. */
export type RequestMatcher =
  { readonly method?: string; readonly path?: string | RegExp } | ((request: RecordedRequest) => boolean);

/** What to do instead of (or before) answering normally. Build them with {@link faults}. */
export type RestFault =
  | {
      readonly kind: 'respond';
      readonly status: number;
      readonly body?: unknown;
      readonly headers?: Readonly<Record<string, string>>;
    }
  | { readonly kind: 'delay'; readonly ms: number }
  | { readonly kind: 'reset' }
  | { readonly kind: 'hang' };

/** Fault builders for {@link FakeDiscord.injectFault}. */
export const faults = {
  /**
   * 429 with `Retry-After: <seconds>` (fractions allowed; Discord sends whole seconds, @discordjs/rest accepts
   * either) and Discord's body. @discordjs/rest waits it out (+50 ms) and retries.
   */
  rateLimit(
    retryAfterSeconds = 0.05,
    options: { global?: boolean; scope?: 'user' | 'global' | 'shared' } = {},
  ): RestFault {
    const global = options.global ?? false;
    return {
      kind: 'respond',
      status: 429,
      body: { message: 'You are being rate limited.', retry_after: retryAfterSeconds, global },
      headers: {
        'retry-after': String(retryAfterSeconds),
        'x-ratelimit-scope': options.scope ?? (global ? 'global' : 'user'),
        ...(global ? { 'x-ratelimit-global': 'true' } : {}),
      },
    };
  },
  /** A 5xx (default 500). @discordjs/rest retries it 3 times, then throws HTTPError. */
  serverError(status = 500): RestFault {
    return { kind: 'respond', status, body: { message: `${status}: Internal Server Error`, code: 0 } };
  },
  /** 404 Unknown interaction (10062): what Discord says to a callback after the 3 s deadline. */
  unknownInteraction(): RestFault {
    return { kind: 'respond', status: 404, body: { message: 'Unknown interaction', code: 10062 } };
  },
  /** 400 Interaction has already been acknowledged (40060). */
  alreadyAcknowledged(): RestFault {
    return {
      kind: 'respond',
      status: 400,
      body: { message: 'Interaction has already been acknowledged.', code: 40060 },
    };
  },
  /** 403 Missing Permissions (50013). */
  missingPermissions(): RestFault {
    return { kind: 'respond', status: 403, body: { message: 'Missing Permissions', code: 50013 } };
  },
  /** 403 Missing Access (50001). */
  missingAccess(): RestFault {
    return { kind: 'respond', status: 403, body: { message: 'Missing Access', code: 50001 } };
  },
  /** Any status, JSON body and headers. */
  respond(status: number, body?: unknown, headers?: Readonly<Record<string, string>>): RestFault {
    return { kind: 'respond', status, ...(body === undefined ? {} : { body }), ...(headers ? { headers } : {}) };
  },
  /** Answer normally, `ms` later (a slow Discord). */
  delay(ms: number): RestFault {
    return { kind: 'delay', ms };
  },
  /**
   * Destroy the TCP connection without answering. Note: undici reports this as `SocketError: other side closed`
   * (code UND_ERR_SOCKET), not ECONNRESET, so @discordjs/rest does not retry it: the caller gets the error.
   */
  reset(): RestFault {
    return { kind: 'reset' };
  },
  /** Never answer (until {@link FakeDiscord.close}): for REST timeouts (`rest.timeout`, default 15 s, then 3 retries). */
  hang(): RestFault {
    return { kind: 'hang' };
  },
} as const;

/** A fault installed by {@link FakeDiscord.injectFault}. */
export interface FaultHandle {
  /** Requests it has answered so far. */
  readonly hits: number;
  /** How many more requests it will answer. */
  readonly remaining: number;
  /** Stops it. */
  cancel(): void;
}

interface ActiveFault {
  matches: (request: RecordedRequest) => boolean;
  fault: RestFault;
  remaining: number;
  hits: number;
}

function pathPattern(path: string): RegExp {
  const escaped = path
    .split('/')
    .map((seg) => (seg === '*' ? '.*' : seg.startsWith(':') ? '[^/]+' : seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${escaped}$`);
}

/** Turns a {@link RequestMatcher} into a predicate. */
export function requestMatcher(matcher: RequestMatcher): (request: RecordedRequest) => boolean {
  if (typeof matcher === 'function') return matcher;
  const method = matcher.method?.toUpperCase();
  const path =
    matcher.path === undefined ? null : typeof matcher.path === 'string' ? pathPattern(matcher.path) : matcher.path;
  return (r) => (method === undefined || r.method === method) && (path === null || path.test(r.path));
}

// ---------------------------------------------------------------------------------------------------
// Dispatch specs
// ---------------------------------------------------------------------------------------------------

/**
 * A command option value. Plain values infer the type (string 3, integer 4, number 10, boolean 5); objects
 * resolve users (6), roles (8), channels (7) and attachments (11) into `data.resolved`; `{ type, value }` is raw.
 */
export type OptionInput =
  | string
  | number
  | boolean
  | { readonly user: APIUser }
  | { readonly role: APIRole }
  | { readonly channel: { readonly id: string; readonly name?: string; readonly type?: number } }
  | { readonly attachment: APIAttachment }
  | { readonly type: number; readonly value: string | number | boolean };

/** Where and by whom an interaction is sent. Everything defaults: {@link MEMBER_USER} in #general. */
export interface InteractionContext {
  /** The invoking user (default {@link MEMBER_USER}). */
  readonly user?: APIUser;
  /** In the bot's DM instead of a guild. */
  readonly dm?: boolean;
  readonly guildId?: string;
  readonly channelId?: string;
  /** The user's client locale (default `en-US`). */
  readonly locale?: string;
  /** The guild's locale (default: the guild's preferredLocale). */
  readonly guildLocale?: string;
  /** The member's role ids (default: from the guild's members, else none). */
  readonly roles?: readonly string[];
  /** The member's permissions (default: computed from the roles). */
  readonly permissions?: bigint | string;
  /** The bot's permissions (default: computed for the bot member). */
  readonly appPermissions?: bigint | string;
  readonly id?: string;
  readonly token?: string;
  /** Last-chance edit of the raw INTERACTION_CREATE payload. */
  readonly patch?: (payload: JsonObject) => void;
}

export interface CommandSpec extends InteractionContext {
  /** The command name. */
  readonly name: string;
  readonly subcommandGroup?: string;
  readonly subcommand?: string;
  /** Options by name, in order. */
  readonly options?: Readonly<Record<string, OptionInput>>;
  /** Default: the id it was registered with (PUT …/commands), else a stable id per name. */
  readonly commandId?: string;
}

export interface AutocompleteSpec extends CommandSpec {
  /** The option being typed; it must be in `options`. */
  readonly focused: string;
}

export interface ComponentSpec extends InteractionContext {
  readonly customId: string;
  /** 2 button (default), 3 string select, 5 user select, 6 role select, 7 mentionable select, 8 channel select. */
  readonly componentType?: number;
  /** Selected values (select menus). */
  readonly values?: readonly string[];
  /**
   * The message the component is on: a stored message's id (e.g. an interaction's `originalMessageId`),
   * a {@link FakeMessage}, or (default) a new bot message in the channel carrying that one button.
   */
  readonly message?: string | FakeMessage;
}

/** Argument of {@link FakeDiscord.sendInteraction}. */
export type InteractionSpec =
  | ({ readonly type: 'command' } & CommandSpec)
  | ({ readonly type: 'autocomplete' } & AutocompleteSpec)
  | ({ readonly type: 'component' } & ComponentSpec);

/** Argument of {@link FakeDiscord.sendMessage}. Default: {@link MEMBER_USER} in #general. */
export interface MessageSpec {
  readonly content: string;
  readonly author?: APIUser;
  /** A DM to the bot (channel_type 1, no guild_id) instead of a guild message. */
  readonly dm?: boolean;
  readonly guildId?: string;
  readonly channelId?: string;
  /** Prefix `<@bot> ` to the content (unless already there) and list the bot in `mentions`. */
  readonly mentionBot?: boolean;
  /** Users listed in `mentions` (the content is not changed). */
  readonly mentions?: readonly APIUser[];
  readonly mentionRoles?: readonly string[];
  /** A reply to this stored message (id) or message object: type 19 with message_reference. */
  readonly replyTo?: string | FakeMessage;
  /** Whether a reply pings its author (lists them in `mentions`); default true, as in Discord. */
  readonly mentionRepliedUser?: boolean;
  readonly attachments?: readonly APIAttachment[];
  /** The author's member roles (default: from the guild's members). */
  readonly roles?: readonly string[];
  readonly id?: string;
  /** Last-chance edit of the raw MESSAGE_CREATE payload. */
  readonly patch?: (payload: JsonObject) => void;
}

/** Returned by the interaction senders. */
export interface SentInteraction {
  readonly id: string;
  readonly token: string;
  readonly kind: InteractionKind;
  readonly payload: JsonObject;
  /** `/interactions/{id}/{token}/callback`. */
  readonly callbackPath: string;
  /** The live state of this interaction. */
  state(): InteractionState;
  /** The first callback that was answered 2xx (retries after faults are skipped over). */
  waitForCallback(timeoutMs?: number): Promise<RecordedRequest>;
  /**
   * The response message once final: a reply (4) or update (7) at once; a deferral (5 or 6) once `@original`
   * has been edited. Ephemeral replies included (see `flags & 64`).
   */
  waitForResponse(timeoutMs?: number): Promise<FakeMessage>;
  /** The n-th follow-up message (1-based). */
  waitForFollowUp(n?: number, timeoutMs?: number): Promise<FakeMessage>;
  /** Autocomplete choices (callback type 8). */
  waitForChoices(timeoutMs?: number): Promise<JsonObject[]>;
}

/** Returned by {@link FakeDiscord.sendMessage}. */
export interface SentMessage {
  readonly id: string;
  readonly channelId: string;
  /** The stored message (full content, as Discord has it). */
  readonly message: FakeMessage;
  /** The bot's first message replying to this one (message_reference.message_id = id). */
  waitForReply(timeoutMs?: number): Promise<FakeMessage>;
}

/** Argument of {@link FakeDiscord.addAttachment}. */
export interface AttachmentSpec {
  readonly filename: string;
  readonly content: string | Uint8Array;
  readonly contentType?: string;
  /** The `size` declared in the attachment object (default: the real size). A server may lie. */
  readonly size?: number;
  /** Content-Length header: the real length (default), none (chunked), or a number (a lie). */
  readonly contentLength?: 'exact' | 'none' | number;
  /** Write the body in chunks of this many bytes, yielding between them (so a client can hang up mid-way). */
  readonly chunkBytes?: number;
  /** HTTP status of the download (default 200). */
  readonly status?: number;
  /** Send this many bytes, then stall until {@link FakeDiscord.close} (for download timeouts). */
  readonly stallAfterBytes?: number;
  readonly channelId?: string;
  readonly id?: string;
  readonly description?: string;
}

/** Serving options of {@link FakeDiscord.serveAttachment} (fault injection: a server that lies about the size). */
export interface AttachmentServing {
  /** Stream the body without a content-length header, in chunks of this many bytes (default: one write). */
  chunkBytes?: number;
  /** With chunkBytes: send the true content-length after all (a client can then refuse on the headers). */
  contentLength?: boolean;
}

/** What happened to one GET of an attachment. */
export interface AttachmentDownload {
  /** The name given to {@link FakeDiscord.serveAttachment}, or `channel/id/filename` for {@link FakeDiscord.addAttachment}. */
  name: string;
  /** Body bytes written before the response ended or the client went away. */
  bytesSent: number;
  /** False while streaming; true once the response ended or was cut off. */
  done: boolean;
  /** True when the client closed the connection before the whole body was sent. */
  aborted: boolean;
}

interface StoredAttachment {
  data: Uint8Array;
  contentType: string;
  /** The Content-Length header to send, or null for none. */
  contentLength: number | null;
  chunkBytes: number | null;
  status: number;
  stallAfterBytes: number | null;
}

/** A canned answer for the next matching REST calls ({@link FakeDiscord.inject}). */
export interface Fault {
  match: (req: RecordedRequest) => boolean;
  status: number;
  /** Default `{ message: 'injected', code: 0 }`. */
  body?: unknown;
  headers?: Record<string, string>;
  /** How many matching calls get it (default 1). */
  times?: number;
}

/** The user of a compact-helper interaction or message: defaults to {@link USER_ID} named `member`. */
export interface UserOptions {
  id?: string;
  username?: string;
  bot?: boolean;
}

/** Context of the compact interaction helpers ({@link FakeDiscord.command} and friends). */
export interface InteractionOptions {
  /** Locale of the user (default en-US). */
  locale?: string;
  /** In a DM instead of the guild channel. */
  dm?: boolean;
  user?: UserOptions;
  /** Role ids of the member (guild only). */
  roles?: string[];
  /** The member's permission bits (default {@link PERMS_MEMBER}: an ordinary member). */
  permissions?: string;
  /** `data.resolved` (users, attachments), as Discord sends it. */
  resolved?: Record<string, unknown>;
}

/** Options of {@link FakeDiscord.start}. */
export interface FakeDiscordOptions {
  /** Expected bot token (e.g. {@link FAKE_TOKEN}); a wrong one gets 401 / close 4004. Default null: any token. */
  readonly token?: string | null;
  /** The bot user (default {@link BOT_USER}). */
  readonly botUser?: APIUser;
  /** Default: the bot user id. */
  readonly applicationId?: string;
  /** Default: [{@link defaultGuild}()]. */
  readonly guilds?: readonly FakeGuild[];
  /** HELLO heartbeat_interval (default 41 250 ms, Discord's); lower it for zombie-connection tests. */
  readonly heartbeatIntervalMs?: number;
  /** `shards` recommended by GET /gateway/bot (default 1). Guild events go to shard `(id >> 22) % count`. */
  readonly shardCount?: number;
  /**
   * Refuse callbacks this long after dispatch with 404 Unknown interaction (10062), as Discord does after
   * 3000 ms. Default null (not enforced; see {@link InteractionState.acknowledgedAt} to assert latency).
   */
  readonly interactionDeadlineMs?: number | null;
  /** Reject message bodies Discord would (length limits, empty messages, bad components) with 400. Default true. */
  readonly validate?: boolean;
  /** Filter events by the identified intents and blank guild message content without MessageContent. Default true. */
  readonly enforceIntents?: boolean;
  /** Send the bot's own messages back as MESSAGE_CREATE/UPDATE/DELETE, as Discord does. Default true. */
  readonly echoBotMessages?: boolean;
  /** Debug lines. */
  readonly log?: (line: string) => void;
}

const DEFAULT_TIMEOUT_MS = 5_000;
const MAX_BODY_BYTES = 64 * 1024 * 1024;
const MAX_HISTORY = 1_000;

// Message and interaction limits Discord enforces (https://discord.com/developers/docs/resources/message).
const LIMITS = {
  content: 2_000,
  embeds: 10,
  embedTotal: 6_000,
  title: 256,
  description: 4_096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1_024,
  footer: 2_048,
  author: 256,
  rows: 5,
  rowItems: 5,
  customId: 100,
  label: 80,
  choices: 25,
  choiceName: 100,
  choiceValue: 100,
};

interface RouteResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Runs after the response is written (gateway echoes). */
  after?: () => void;
}

interface RouteContext {
  request: RecordedRequest;
  params: Record<string, string>;
}

interface Route {
  method: string;
  pattern: string;
  regex: RegExp;
  auth: boolean;
  handle: (ctx: RouteContext) => RouteResult;
}

function compileRoute(pattern: string): RegExp {
  const body = pattern
    .split('/')
    .map((seg) => (seg.startsWith(':') ? `(?<${seg.slice(1)}>[^/]+)` : seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${body}$`);
}

function error(status: number, code: number, message: string): RouteResult {
  return { status, body: { message, code } };
}

interface FormProblem {
  path: Array<string | number>;
  code: string;
  message: string;
}

function formError(problems: readonly FormProblem[]): RouteResult {
  const root: JsonObject = {};
  for (const p of problems) {
    let node = root;
    for (const key of p.path) {
      const next = node[String(key)];
      if (isObject(next)) node = next;
      else {
        const created: JsonObject = {};
        node[String(key)] = created;
        node = created;
      }
    }
    const list = Array.isArray(node['_errors']) ? (node['_errors'] as unknown[]) : [];
    list.push({ code: p.code, message: p.message });
    node['_errors'] = list;
  }
  return { status: 400, body: { message: 'Invalid Form Body', code: 50035, errors: root } };
}

function maxLength(
  problems: FormProblem[],
  path: Array<string | number>,
  value: unknown,
  max: number,
  required = false,
): number {
  if (typeof value !== 'string') {
    if (required) problems.push({ path, code: 'BASE_TYPE_REQUIRED', message: 'This field is required' });
    return 0;
  }
  const n = codePoints(value);
  if (n > max) problems.push({ path, code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${max} or fewer in length.` });
  if (required && n === 0) problems.push({ path, code: 'BASE_TYPE_REQUIRED', message: 'This field is required' });
  return n;
}

/** Discord's length and shape checks for a message body (content, embeds, components, allowed_mentions). */
function messageProblems(body: JsonObject, prefix: Array<string | number>): FormProblem[] {
  const problems: FormProblem[] = [];
  if ('content' in body && body['content'] !== null)
    maxLength(problems, [...prefix, 'content'], body['content'], LIMITS.content);
  const embeds = body['embeds'];
  if (Array.isArray(embeds)) {
    if (embeds.length > LIMITS.embeds)
      problems.push({
        path: [...prefix, 'embeds'],
        code: 'BASE_TYPE_MAX_LENGTH',
        message: `Must be ${LIMITS.embeds} or fewer in length.`,
      });
    let total = 0;
    embeds.forEach((embed, i) => {
      if (!isObject(embed)) return;
      const at = [...prefix, 'embeds', i];
      total += maxLength(problems, [...at, 'title'], embed['title'], LIMITS.title);
      total += maxLength(problems, [...at, 'description'], embed['description'], LIMITS.description);
      const fields = asArray(embed['fields']);
      if (fields.length > LIMITS.fields)
        problems.push({
          path: [...at, 'fields'],
          code: 'BASE_TYPE_MAX_LENGTH',
          message: `Must be ${LIMITS.fields} or fewer in length.`,
        });
      fields.forEach((field, j) => {
        if (!isObject(field)) return;
        total += maxLength(problems, [...at, 'fields', j, 'name'], field['name'], LIMITS.fieldName, true);
        total += maxLength(problems, [...at, 'fields', j, 'value'], field['value'], LIMITS.fieldValue, true);
      });
      const footer = embed['footer'];
      if (isObject(footer))
        total += maxLength(problems, [...at, 'footer', 'text'], footer['text'], LIMITS.footer, true);
      const author = embed['author'];
      if (isObject(author))
        total += maxLength(problems, [...at, 'author', 'name'], author['name'], LIMITS.author, true);
    });
    if (total > LIMITS.embedTotal)
      problems.push({
        path: [...prefix, 'embeds'],
        code: 'MAX_EMBED_SIZE_EXCEEDED',
        message: `Embed size exceeds maximum size of ${LIMITS.embedTotal}`,
      });
  }
  const components = body['components'];
  const flags = typeof body['flags'] === 'number' ? body['flags'] : 0;
  if (Array.isArray(components) && (flags & (1 << 15)) === 0) {
    if (components.length > LIMITS.rows)
      problems.push({
        path: [...prefix, 'components'],
        code: 'BASE_TYPE_MAX_LENGTH',
        message: `Must be ${LIMITS.rows} or fewer in length.`,
      });
    const seen = new Set<string>();
    components.forEach((row, i) => {
      const at = [...prefix, 'components', i];
      if (!isObject(row) || row['type'] !== 1) {
        problems.push({
          path: [...at, 'type'],
          code: 'UNION_TYPE_CHOICES',
          message: 'Value of field "type" must be one of (1,).',
        });
        return;
      }
      const items = asArray(row['components']);
      if (items.length === 0 || items.length > LIMITS.rowItems)
        problems.push({
          path: [...at, 'components'],
          code: 'BASE_TYPE_BAD_LENGTH',
          message: `Must be between 1 and ${LIMITS.rowItems} in length.`,
        });
      items.forEach((item, j) => {
        if (!isObject(item)) return;
        const ip = [...at, 'components', j];
        const customId = item['custom_id'];
        if (item['type'] === 2) {
          const style = item['style'];
          if (style === 5) {
            if (typeof item['url'] !== 'string')
              problems.push({ path: [...ip, 'url'], code: 'BASE_TYPE_REQUIRED', message: 'This field is required' });
            if (customId !== undefined)
              problems.push({
                path: [...ip, 'custom_id'],
                code: 'COMPONENT_LINK_BUTTON_CUSTOM_ID',
                message: 'A link button cannot have a custom id',
              });
          } else if (style !== 6) {
            maxLength(problems, [...ip, 'custom_id'], customId, LIMITS.customId, true);
          }
          if ('label' in item) maxLength(problems, [...ip, 'label'], item['label'], LIMITS.label);
        } else {
          maxLength(problems, [...ip, 'custom_id'], customId, LIMITS.customId, true);
          if (asArray(item['options']).length > 25)
            problems.push({
              path: [...ip, 'options'],
              code: 'BASE_TYPE_MAX_LENGTH',
              message: 'Must be 25 or fewer in length.',
            });
        }
        if (typeof customId === 'string') {
          if (seen.has(customId))
            problems.push({
              path: [...ip, 'custom_id'],
              code: 'COMPONENT_CUSTOM_ID_DUPLICATED',
              message: 'Component custom id cannot be duplicated',
            });
          seen.add(customId);
        }
      });
    });
  }
  const allowed = body['allowed_mentions'];
  if (isObject(allowed)) {
    const parse = asArray(allowed['parse']);
    if (parse.includes('users') && Array.isArray(allowed['users']) && allowed['users'].length > 0) {
      problems.push({
        path: [...prefix, 'allowed_mentions'],
        code: 'MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE',
        message: 'parse:["users"] and users: [ids...] are mutually exclusive.',
      });
    }
    if (parse.includes('roles') && Array.isArray(allowed['roles']) && allowed['roles'].length > 0) {
      problems.push({
        path: [...prefix, 'allowed_mentions'],
        code: 'MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE',
        message: 'parse:["roles"] and roles: [ids...] are mutually exclusive.',
      });
    }
  }
  return problems;
}

function isEmptyMessage(message: Pick<FakeMessage, 'content' | 'embeds' | 'components' | 'attachments'>): boolean {
  return (
    message.content.trim() === '' &&
    message.embeds.length === 0 &&
    message.components.length === 0 &&
    message.attachments.length === 0
  );
}

// ---------------------------------------------------------------------------------------------------
// Gateway
// ---------------------------------------------------------------------------------------------------

/** One gateway WebSocket connection. */
export interface GatewayConnectionInfo {
  readonly id: number;
  /** The request path, e.g. `/` for the first connection and `/resume` after READY. */
  readonly path: string;
  /** The query: `v`, `encoding`, and `compress` if compression was asked for. */
  readonly query: Readonly<Record<string, string>>;
  readonly openedAt: number;
  closedAt: number | null;
  closeCode: number | null;
  /** Whether the fake closed it (close/drop/an error close such as 4004), rather than the client. */
  closedByServer: boolean;
}

/** One payload the client sent on the gateway. */
export interface GatewayFrame {
  readonly connectionId: number;
  readonly at: number;
  readonly op: number;
  readonly d: unknown;
}

interface Session {
  id: string;
  shardId: number;
  shardCount: number;
  intents: number;
  seq: number;
  history: JsonObject[];
  connection: Connection | null;
  ended: boolean;
}

interface Connection {
  info: GatewayConnectionInfo;
  socket: WebSocket;
  session: Session | null;
}

const INTENT = {
  guilds: 1 << 0,
  guildMembers: 1 << 1,
  guildMessages: 1 << 9,
  guildReactions: 1 << 10,
  guildTyping: 1 << 11,
  directMessages: 1 << 12,
  directReactions: 1 << 13,
  directTyping: 1 << 14,
  messageContent: 1 << 15,
};

function isSendableCloseCode(code: number): boolean {
  return (
    code === 1000 ||
    (code >= 1001 && code <= 1014 && code !== 1004 && code !== 1005 && code !== 1006) ||
    (code >= 3000 && code <= 4999)
  );
}

/**
 * The gateway half of the fake (reach it as `fake.gateway`): sessions, dispatch, and fault injection.
 * Sessions survive a dropped connection: dispatches made meanwhile are buffered and replayed on RESUME.
 */
export class FakeGateway {
  /** ACK heartbeats (op 11). Set false to make the client see a zombie connection. */
  ackHeartbeats = true;
  /** The heartbeat_interval sent in the next HELLO. */
  heartbeatIntervalMs: number;
  /** Refuse new WebSocket connections (the socket is destroyed during the upgrade): a gateway outage. */
  refuseConnections = false;
  /** Every connection, in order. */
  readonly connections: GatewayConnectionInfo[] = [];
  /** Every payload received from clients, in order. */
  readonly received: GatewayFrame[] = [];
  /** The `d` of every IDENTIFY (token, intents, properties, shard, compress). */
  readonly identifies: JsonObject[] = [];
  /** The `d` of every RESUME (token, session_id, seq). */
  readonly resumes: JsonObject[] = [];

  readonly #host: FakeDiscord;
  readonly #wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
  readonly #live = new Set<Connection>();
  readonly #sessions: Session[] = [];
  #connectionIds = 0;

  /** @internal Built by {@link FakeDiscord}. */
  constructor(host: FakeDiscord, heartbeatIntervalMs: number) {
    this.#host = host;
    this.heartbeatIntervalMs = heartbeatIntervalMs;
  }

  /** IDENTIFY payloads received. */
  get identifyCount(): number {
    return this.identifies.length;
  }

  /** RESUME payloads received. */
  get resumeCount(): number {
    return this.resumes.length;
  }

  /** Heartbeats (op 1) received. */
  get heartbeatCount(): number {
    return this.received.filter((f) => f.op === 1).length;
  }

  /** Connections accepted so far. */
  get connectionCount(): number {
    return this.connections.length;
  }

  /** Whether some session is connected and identified/resumed (dispatches go straight out). */
  get isLive(): boolean {
    return this.#sessions.some(
      (s) => !s.ended && s.connection !== null && s.connection.socket.readyState === WebSocket.OPEN,
    );
  }

  /** Whether a session exists that dispatches can reach (now, or on RESUME). */
  get hasSession(): boolean {
    return this.#sessions.some((s) => !s.ended);
  }

  /** Resolves when a session is connected (after READY, or after RESUMED). */
  waitForLive(timeoutMs: number = DEFAULT_TIMEOUT_MS): Promise<void> {
    return this.#host
      .waitUntil(() => (this.isLive ? true : undefined), timeoutMs, 'a live gateway session')
      .then(() => undefined);
  }

  /** The first payload received (past or future) matching `predicate`. */
  waitForFrame(
    predicate: (frame: GatewayFrame) => boolean,
    timeoutMs: number = DEFAULT_TIMEOUT_MS,
  ): Promise<GatewayFrame> {
    return this.#host.waitUntil(() => this.received.find(predicate), timeoutMs, 'a matching gateway payload');
  }

  /** Resolves when `count` RESUMEs in all have been received. */
  waitForResume(count = 1, timeoutMs: number = DEFAULT_TIMEOUT_MS): Promise<void> {
    return this.#host
      .waitUntil(() => (this.resumeCount >= count ? true : undefined), timeoutMs, `${count} RESUME(s)`)
      .then(() => undefined);
  }

  /** Resolves when `count` IDENTIFYs in all have been received. */
  waitForIdentify(count = 1, timeoutMs: number = DEFAULT_TIMEOUT_MS): Promise<void> {
    return this.#host
      .waitUntil(() => (this.identifyCount >= count ? true : undefined), timeoutMs, `${count} IDENTIFY(s)`)
      .then(() => undefined);
  }

  /**
   * Closes the open gateway sockets (of one shard, or all) with `code`; see the module comment for what the
   * client does with each code. The session stays resumable. Returns how many sockets were closed.
   */
  close(code = 4000, reason = 'closed by the fake', options: { shardId?: number } = {}): number {
    if (!isSendableCloseCode(code))
      throw new RangeError(
        `close code ${code} cannot be sent on a WebSocket; use drop() for an abnormal closure (1006)`,
      );
    let n = 0;
    for (const conn of this.#targets(options.shardId)) {
      conn.info.closedByServer = true;
      conn.socket.close(code, reason);
      n += 1;
    }
    return n;
  }

  /** Destroys the open gateway sockets without a close frame (the client sees 1006 and resumes). */
  drop(options: { shardId?: number } = {}): number {
    let n = 0;
    for (const conn of this.#targets(options.shardId)) {
      conn.info.closedByServer = true;
      conn.socket.terminate();
      n += 1;
    }
    return n;
  }

  /** Sends op 7 Reconnect: the client closes and resumes. */
  requestReconnect(): void {
    for (const conn of this.#targets(undefined)) this.#send(conn, { op: 7, d: null, s: null, t: null });
  }

  /**
   * Sends op 9 Invalid Session. `resumable` true: the client sends RESUME on the same socket; false: the
   * session is ended and the client reconnects and identifies again. Do not send it in the same tick as a
   * RESUMED: @discordjs/ws handles frames concurrently, and discord.js's RESUMED handler then throws (an
   * unhandled rejection) on the session it has just cleared.
   */
  invalidateSession(resumable: boolean): void {
    for (const conn of this.#targets(undefined)) {
      if (!resumable && conn.session) conn.session.ended = true;
      this.#send(conn, { op: 9, d: resumable, s: null, t: null });
    }
  }

  /**
   * Dispatches an event (op 0) to the session(s) it belongs to: guild events to the guild's shard, others to
   * shard 0. Filtered by intents (when enforced); buffered while the session is disconnected. Returns the number
   * of sessions it was sent or buffered to: 0 when no client has identified yet (the event is lost, as on Discord).
   */
  dispatch(t: string, d: unknown): number {
    const sessions = this.#sessions.filter((s) => !s.ended);
    if (sessions.length === 0) this.#host.log(`gateway dispatch ${t}: no session, dropped`);
    const guildId = isObject(d)
      ? t.startsWith('GUILD_') && !('guild_id' in d)
        ? str(d['id'])
        : str(d['guild_id'])
      : undefined;
    let n = 0;
    for (const session of sessions) {
      const shard = guildId === undefined ? 0 : shardOf(guildId, session.shardCount);
      if (shard !== session.shardId) continue;
      const shaped = this.#host.shapeForSession(t, d, session.intents);
      if (shaped === null) continue;
      this.#dispatchTo(session, t, shaped);
      n += 1;
    }
    return n;
  }

  /** @internal */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    if (this.refuseConnections || this.#host.isClosed) {
      socket.destroy();
      return;
    }
    this.#wss.handleUpgrade(req, socket, head, (ws) => this.#accept(ws, req));
  }

  /** @internal */
  shutdown(): void {
    for (const conn of this.#live) conn.socket.terminate();
    this.#live.clear();
    for (const ws of this.#wss.clients) ws.terminate();
    this.#wss.close();
  }

  #targets(shardId: number | undefined): Connection[] {
    return [...this.#live].filter(
      (c) => c.socket.readyState === WebSocket.OPEN && (shardId === undefined || c.session?.shardId === shardId),
    );
  }

  #accept(socket: WebSocket, req: IncomingMessage): void {
    const url = new URL(req.url ?? '/', 'ws://127.0.0.1');
    const info: GatewayConnectionInfo = {
      id: ++this.#connectionIds,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      openedAt: Date.now(),
      closedAt: null,
      closeCode: null,
      closedByServer: false,
    };
    const conn: Connection = { info, socket, session: null };
    this.connections.push(info);
    this.#live.add(conn);
    this.#host.log(`gateway #${info.id} open ${req.url ?? ''}`);
    socket.on('message', (data, isBinary) => this.#onFrame(conn, data, isBinary));
    socket.on('close', (code) => this.#onClose(conn, code));
    socket.on('error', (err) => this.#host.log(`gateway #${info.id} error ${err.message}`));
    this.#send(conn, { op: 10, d: { heartbeat_interval: this.heartbeatIntervalMs }, s: null, t: null });
    this.#host.notify();
  }

  #send(conn: Connection, payload: JsonObject): void {
    if (conn.socket.readyState === WebSocket.OPEN) conn.socket.send(JSON.stringify(payload));
  }

  #closeWith(conn: Connection, code: number, reason: string): void {
    conn.info.closedByServer = true;
    if (conn.socket.readyState === WebSocket.OPEN) conn.socket.close(code, reason);
  }

  #onFrame(conn: Connection, data: RawData, isBinary: boolean): void {
    let payload: unknown;
    try {
      const text = Array.isArray(data)
        ? Buffer.concat(data).toString('utf8')
        : Buffer.from(data as ArrayBuffer).toString('utf8');
      payload = isBinary ? null : JSON.parse(text);
    } catch {
      payload = null;
    }
    if (!isObject(payload) || typeof payload['op'] !== 'number') {
      this.#closeWith(conn, 4002, 'Error while decoding payload.');
      return;
    }
    const op = payload['op'];
    const d = payload['d'];
    this.received.push({ connectionId: conn.info.id, at: Date.now(), op, d });
    switch (op) {
      case 1:
        if (this.ackHeartbeats) this.#send(conn, { op: 11, d: null, s: null, t: null });
        break;
      case 2:
        this.#identify(conn, isObject(d) ? d : {});
        break;
      case 6:
        this.#resume(conn, isObject(d) ? d : {});
        break;
      case 3: // presence update
      case 4: // voice state update
      case 8: // request guild members
      case 31: // request soundboard sounds
        if (!conn.session) this.#closeWith(conn, 4003, 'Not authenticated.');
        break;
      default:
        this.#closeWith(conn, 4001, 'Unknown opcode.');
    }
    this.#host.notify();
  }

  #identify(conn: Connection, d: JsonObject): void {
    this.identifies.push(d);
    if (conn.session) {
      this.#closeWith(conn, 4005, 'Already authenticated.');
      return;
    }
    if (!this.#host.tokenOk(d['token'])) {
      this.#closeWith(conn, 4004, 'Authentication failed.');
      return;
    }
    const shard = asArray(d['shard']);
    const shardId = typeof shard[0] === 'number' ? shard[0] : 0;
    const shardCount = typeof shard[1] === 'number' ? shard[1] : 1;
    if (shardCount < 1 || shardId >= shardCount) {
      this.#closeWith(conn, 4010, 'Invalid shard.');
      return;
    }
    for (const old of this.#sessions) if (old.shardId === shardId && old.shardCount === shardCount) old.ended = true;
    const session: Session = {
      id: randomBytes(16).toString('hex'),
      shardId,
      shardCount,
      intents: typeof d['intents'] === 'number' ? d['intents'] : 0,
      seq: 0,
      history: [],
      connection: conn,
      ended: false,
    };
    this.#sessions.push(session);
    if (this.#sessions.length > 100) this.#sessions.splice(0, this.#sessions.findIndex((s) => !s.ended) > 0 ? 1 : 0);
    conn.session = session;
    const guilds = this.#host.guildList().filter((g) => shardOf(g.id, shardCount) === shardId);
    this.#dispatchTo(
      session,
      'READY',
      this.#host.readyPayload(
        session.id,
        [shardId, shardCount],
        guilds.map((g) => g.id),
      ),
    );
    if ((session.intents & INTENT.guilds) !== 0) {
      for (const guild of guilds) this.#dispatchTo(session, 'GUILD_CREATE', this.#host.guildCreatePayload(guild));
    }
  }

  #resume(conn: Connection, d: JsonObject): void {
    this.resumes.push(d);
    if (!this.#host.tokenOk(d['token'])) {
      this.#closeWith(conn, 4004, 'Authentication failed.');
      return;
    }
    const session = this.#sessions.find((s) => s.id === d['session_id'] && !s.ended);
    const seq = typeof d['seq'] === 'number' ? d['seq'] : 0;
    if (!session || seq > session.seq) {
      this.#send(conn, { op: 9, d: false, s: null, t: null });
      return;
    }
    if (session.connection && session.connection !== conn) session.connection.session = null;
    session.connection = conn;
    conn.session = session;
    for (const frame of session.history)
      if (typeof frame['s'] === 'number' && frame['s'] > seq) this.#send(conn, frame);
    this.#dispatchTo(session, 'RESUMED', { _trace: ['fake-discord'] });
  }

  #dispatchTo(session: Session, t: string, d: unknown): void {
    session.seq += 1;
    const frame: JsonObject = { op: 0, t, s: session.seq, d };
    session.history.push(frame);
    if (session.history.length > MAX_HISTORY) session.history.shift();
    if (session.connection) this.#send(session.connection, frame);
    this.#host.log(`gateway dispatch ${t} s=${session.seq}${session.connection ? '' : ' (buffered)'}`);
  }

  #onClose(conn: Connection, code: number): void {
    conn.info.closedAt = Date.now();
    conn.info.closeCode = code;
    this.#live.delete(conn);
    const session = conn.session;
    if (session && session.connection === conn) {
      session.connection = null;
      // A client that closes with 1000/1001 is done with the session (destroyed, or about to identify again).
      if (!conn.info.closedByServer && (code === 1000 || code === 1001)) session.ended = true;
    }
    this.#host.log(`gateway #${conn.info.id} closed ${code}${conn.info.closedByServer ? ' by the fake' : ''}`);
    this.#host.notify();
  }
}

// ---------------------------------------------------------------------------------------------------
// The fake
// ---------------------------------------------------------------------------------------------------

interface Pending {
  reject: (err: Error) => void;
  cleanup: () => void;
}

/**
 * A fake Discord on 127.0.0.1 (ephemeral port): REST under {@link apiUrl}, gateway at {@link gatewayUrl},
 * attachment downloads under `/attachments/…`. Start with `await FakeDiscord.start(options)` or
 * `await new FakeDiscord(options).start()`; always {@link close}.
 */
export class FakeDiscord {
  /** The TCP port (0 until started). */
  port = 0;
  /** The bot user. */
  readonly botUser: APIUser;
  readonly applicationId: string;
  /** The expected token, or null (any token). */
  readonly token: string | null;
  /** The gateway: sessions, dispatch, close codes, heartbeats. */
  readonly gateway: FakeGateway;
  /** Options in force (validation, intents, echo, deadline); mutable between tests. */
  readonly settings: {
    validate: boolean;
    enforceIntents: boolean;
    echoBotMessages: boolean;
    interactionDeadlineMs: number | null;
    shardCount: number;
  };
  /** How long every REST call waits before it is answered, ms (0: at once). */
  restDelayMs = 0;
  /** Every GET of an attachment URL, in order (they are not in `requests`: they are not Discord API calls). */
  readonly attachmentDownloads: AttachmentDownload[] = [];
  /** TCP connections accepted (HTTP and the gateway's upgrade): a REST client opens one per request in flight. */
  httpConnections = 0;

  #server: Server | null = null;
  readonly #guilds = new Map<string, FakeGuild>();
  readonly #requests: RecordedRequest[] = [];
  #requestSeq = 0;
  readonly #requestListeners = new Set<(r: RecordedRequest) => void>();
  readonly #faults: ActiveFault[] = [];
  readonly #routes: Route[] = [];
  readonly #messages = new Map<string, FakeMessage>();
  readonly #deletedMessages = new Set<string>();
  readonly #interactions = new Map<string, InteractionState>();
  readonly #interactionsByToken = new Map<string, InteractionState>();
  readonly #attachments = new Map<string, StoredAttachment>();
  readonly #dmChannels = new Map<string, string>([[MEMBER_USER_ID, DM_CHANNEL_ID]]);
  readonly #users = new Map<string, APIUser>();
  readonly #commands = new Map<string, JsonObject[]>(); // key: 'global' or guild id
  readonly #commandIds = new Map<string, string>();
  readonly #events = new EventEmitter();
  readonly #pending = new Set<Pending>();
  readonly #timers = new Set<{ timer: NodeJS.Timeout; resolve: () => void }>();
  readonly #log: (line: string) => void;
  #closed = false;

  /** A fake that is not listening yet: call {@link start}. */
  constructor(options: FakeDiscordOptions = {}) {
    this.botUser = options.botUser ?? BOT_USER;
    this.applicationId = options.applicationId ?? this.botUser.id;
    this.token = options.token ?? null;
    this.#log = options.log ?? (() => {});
    this.settings = {
      validate: options.validate ?? true,
      enforceIntents: options.enforceIntents ?? true,
      echoBotMessages: options.echoBotMessages ?? true,
      interactionDeadlineMs: options.interactionDeadlineMs ?? null,
      shardCount: options.shardCount ?? 1,
    };
    this.gateway = new FakeGateway(this, options.heartbeatIntervalMs ?? 41_250);
    for (const guild of options.guilds ?? [defaultGuild()]) this.addGuild(guild);
    this.#users.set(this.botUser.id, this.botUser);
    for (const u of [MEMBER_USER, OTHER_USER, MODERATOR_USER, MANAGER_USER, OWNER_USER]) this.#users.set(u.id, u);
    this.#events.setMaxListeners(0);
    this.#installRoutes();
  }

  /** Creates and starts a fake on 127.0.0.1 with an ephemeral port. */
  static async start(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
    return new FakeDiscord(options).start();
  }

  /** Listens on 127.0.0.1 with an ephemeral port. */
  async start(): Promise<this> {
    if (this.#server) throw new Error('fake Discord already started');
    const server = createServer((req, res) => void this.#onRequest(req, res));
    server.keepAliveTimeout = 5_000;
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) =>
      this.gateway.handleUpgrade(req, socket, head),
    );
    server.on('clientError', (_err, socket) => socket.destroy());
    server.on('connection', () => this.httpConnections++);
    this.#server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.port = (server.address() as AddressInfo).port;
    return this;
  }

  /** `http://127.0.0.1:PORT`. */
  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** `http://127.0.0.1:PORT/api`: the REST base to give discord.js (`rest.api`) or DISCORD_API_URL. */
  get apiUrl(): string {
    return `${this.baseUrl}/api`;
  }

  /** `ws://127.0.0.1:PORT`: what GET /gateway/bot returns. */
  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.port}`;
  }

  /**
   * Client options for a real discord.js client against this fake: the bot's intents (Guilds, GuildMessages,
   * DirectMessages), Partials.Channel, no mentions, `rest.api`, and no identify throttle (a re-identify within
   * 5 s would otherwise wait 5–6.5 s). `overrides` are merged over these (rest and ws shallowly).
   */
  clientOptions(overrides: Partial<ClientOptions> = {}): ClientOptions {
    return {
      intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages],
      partials: [Partials.Channel],
      allowedMentions: { parse: [], repliedUser: false },
      ...overrides,
      rest: { ...overrides.rest, api: this.apiUrl },
      ws: { buildIdentifyThrottler: () => ({ waitForIdentify: async () => {} }), ...overrides.ws },
    };
  }

  /** Whether {@link close} has been called. */
  get isClosed(): boolean {
    return this.#closed;
  }

  /**
   * Stops everything: pending waits reject, hanging requests and delays are cut, every socket is destroyed.
   * Destroy the client first, or it will keep trying to reconnect (harmlessly) until it is destroyed.
   */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const p of [...this.#pending]) {
      p.cleanup();
      p.reject(new Error('fake Discord closed'));
    }
    for (const t of this.#timers) {
      clearTimeout(t.timer);
      t.resolve();
    }
    this.#timers.clear();
    this.gateway.shutdown();
    const server = this.#server;
    if (server) {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    }
    this.#events.removeAllListeners();
  }

  // ---- the compact helpers (the first e2e suites' API) ---------------------------------------------

  /** IDENTIFYs received. */
  get identifies(): number {
    return this.gateway.identifyCount;
  }

  /** RESUMEs received. */
  get resumes(): number {
    return this.gateway.resumeCount;
  }

  /** Heartbeats received. */
  get heartbeats(): number {
    return this.gateway.heartbeatCount;
  }

  /** When false, heartbeats get no ACK (a zombie connection). Same as `gateway.ackHeartbeats`. */
  get ackHeartbeats(): boolean {
    return this.gateway.ackHeartbeats;
  }

  set ackHeartbeats(value: boolean) {
    this.gateway.ackHeartbeats = value;
  }

  /** The heartbeat_interval sent in HELLO to connections opened from now on, ms (Discord's is ~41,250). */
  get heartbeatIntervalMs(): number {
    return this.gateway.heartbeatIntervalMs;
  }

  set heartbeatIntervalMs(value: number) {
    this.gateway.heartbeatIntervalMs = value;
  }

  /** The default guild's locale: GUILD_CREATE's preferred_locale and interactions' guild_locale. */
  get guildLocale(): string {
    return this.guild().preferredLocale;
  }

  set guildLocale(value: string) {
    this.guild().preferredLocale = value;
  }

  /** The next `fault.times` (default 1) matching calls get this answer instead of the normal one. */
  inject(fault: Fault): void {
    this.injectFault(
      fault.match,
      faults.respond(fault.status, fault.body ?? { message: 'injected', code: 0 }, fault.headers),
      fault.times ?? 1,
    );
  }

  /**
   * Serves bytes at GET /attachments/NAME; returns the URL to put in an attachment object. With
   * `serving.chunkBytes` the body streams without a content-length (unless `serving.contentLength`), so only
   * counting bytes can stop it.
   */
  serveAttachment(
    name: string,
    bytes: Buffer | string,
    contentType = 'text/plain; charset=utf-8',
    serving: AttachmentServing = {},
  ): string {
    const data = Buffer.from(bytes);
    this.#attachments.set(name, {
      data,
      contentType,
      contentLength: serving.chunkBytes && !serving.contentLength ? null : data.byteLength,
      chunkBytes: serving.chunkBytes ?? null,
      status: 200,
      stallAfterBytes: null,
    });
    return `${this.baseUrl}/attachments/${encodeURIComponent(name)}`;
  }

  /** Forgets recorded requests. */
  clear(): void {
    this.clearRequests();
  }

  /** Calls `listener` with every REST call as it is recorded (timing at the fake); returns the unsubscribe. */
  onRequest(listener: (r: RecordedRequest) => void): () => void {
    this.#requestListeners.add(listener);
    return () => this.#requestListeners.delete(listener);
  }

  /** Calls recorded so far that match. */
  find(pred: (r: RecordedRequest) => boolean): RecordedRequest[] {
    return this.#requests.filter(pred);
  }

  /** The body of the first callback POST for an interaction (whatever it was answered), waited for. */
  async callbackOf(
    interactionId: string,
    timeoutMs = 3_000,
  ): Promise<{ type: number; data?: Record<string, unknown> }> {
    const req = await this.waitForRequest(
      (r) => r.method === 'POST' && r.path.startsWith(`/interactions/${interactionId}/`),
      timeoutMs,
    );
    return req.body as { type: number; data?: Record<string, unknown> };
  }

  /** A message object as Discord would return it (author {@link USER_ID} unless `fields` say otherwise). Not stored. */
  message(channelId: string, fields: Record<string, unknown>): Record<string, unknown> {
    return {
      ...blankMessage(channelId, legacyUser() as APIUser, 0, 0),
      ...fields,
      ...(fields['flags'] === undefined ? { flags: 0 } : {}),
    };
  }

  /** Closes every gateway connection with a close code (4000 resumable, 4007 re-identify, 1000 …). */
  closeGateway(code: number): void {
    this.gateway.close(code, 'fake close');
  }

  /** Resolves when the gateway has seen `count` IDENTIFY (or RESUME) in total. */
  async waitFor(what: 'identifies' | 'resumes', count: number, timeoutMs = 5_000): Promise<void> {
    await this.waitUntil(
      () => (this[what] >= count ? true : undefined),
      timeoutMs,
      `${count} ${what} (gateway saw ${this[what]})`,
    );
  }

  /** A slash command. `options` are Discord's option objects ({ name, type, value }). */
  command(name: string, options: Array<Record<string, unknown>> = [], more: InteractionOptions = {}): SentInteraction {
    const data: JsonObject = { id: this.#commandId(name, undefined), name, type: 1, options };
    if (more.resolved) data['resolved'] = more.resolved;
    return this.#legacyInteraction('command', data, more, null);
  }

  /** An autocomplete request for the option marked `focused` of a command. */
  autocomplete(name: string, options: Array<Record<string, unknown>>, more: InteractionOptions = {}): SentInteraction {
    return this.#legacyInteraction(
      'autocomplete',
      { id: this.#commandId(name, undefined), name, type: 1, options },
      more,
      null,
    );
  }

  /**
   * A button click on a message (the message as the bot sent it: embeds, components, flags; `id` to name a
   * stored message). The message is stored if its id is new, so `update`/`deferUpdate` edit it.
   */
  button(customId: string, message: Record<string, unknown>, more: InteractionOptions = {}): SentInteraction {
    const channelId = more.dm ? this.dmChannelFor(more.user?.id ?? USER_ID) : CHANNEL_ID;
    const built = this.message(channelId, { author: { ...this.botUser }, ...message }) as unknown as FakeMessage;
    if (!this.#messages.has(built.id)) this.#store(built);
    return this.#legacyInteraction('component', { custom_id: customId, component_type: 2 }, more, built);
  }

  /**
   * A MESSAGE_CREATE: in the guild channel (mentioning whom `mentions` says, optionally replying to a
   * message of the bot) or in a DM (channel_type 1, no guild, as Discord sends it). Returns its id.
   */
  userMessage(
    content: string,
    options: { dm?: boolean; author?: UserOptions; mentions?: string[]; replyTo?: Record<string, unknown> } = {},
  ): string {
    const author = legacyUser(options.author);
    const channelId = options.dm ? this.dmChannelFor(author.id) : CHANNEL_ID;
    const msg = this.message(channelId, {
      author,
      content,
      mentions: (options.mentions ?? []).map((m) =>
        legacyUser({
          id: m,
          username: m === this.botUser.id ? this.botUser.username : 'someone',
          bot: m === this.botUser.id,
        }),
      ),
    }) as unknown as FakeMessage;
    if (options.dm) {
      msg.channel_type = 1;
    } else {
      msg.guild_id = GUILD_ID;
      msg.member = { roles: [], joined_at: new Date(0).toISOString(), deaf: false, mute: false, flags: 0 };
      msg.channel_type = 0;
    }
    if (options.replyTo) {
      const replyTo = options.replyTo as unknown as FakeMessage;
      msg.type = 19;
      msg.message_reference = {
        type: 0,
        message_id: replyTo.id,
        channel_id: replyTo.channel_id ?? channelId,
        ...(options.dm ? {} : { guild_id: GUILD_ID }),
      };
      msg.referenced_message = replyTo;
    }
    this.#users.set(author.id, author);
    this.#store(msg);
    this.gateway.dispatch('MESSAGE_CREATE', toWire(msg));
    return msg.id;
  }

  #legacyInteraction(
    kind: InteractionKind,
    data: JsonObject,
    more: InteractionOptions,
    message: FakeMessage | null,
  ): SentInteraction {
    const user = legacyUser(more.user);
    this.#users.set(user.id, user);
    const id = nextSnowflake();
    const payload: JsonObject = {
      id,
      application_id: this.applicationId,
      type: kind === 'command' ? 2 : kind === 'autocomplete' ? 4 : 3,
      data,
      token: `tok-${id}`,
      version: 1,
      locale: more.locale ?? 'en-US',
      app_permissions: '2248473465835073',
      entitlements: [],
      attachment_size_limit: 10_485_760,
    };
    if (more.dm) {
      const channelId = this.dmChannelFor(user.id);
      Object.assign(payload, {
        user,
        channel_id: channelId,
        channel: this.#dmChannelPayload(channelId, user),
        context: 1,
        authorizing_integration_owners: { '0': '0' },
      });
    } else {
      const guild = this.guild();
      const channel = this.#guildChannel(guild, CHANNEL_ID);
      const permissions = more.permissions ?? PERMS_MEMBER;
      Object.assign(payload, {
        guild_id: guild.id,
        guild: { id: guild.id, locale: guild.preferredLocale, features: [] },
        guild_locale: guild.preferredLocale,
        channel_id: channel.id,
        channel: { ...this.#channelPayload(guild, channel), permissions },
        member: {
          ...this.#memberPayload({ user, roles: more.roles ?? [], joinedAt: new Date(0).toISOString() }),
          user,
          permissions,
        },
        context: 0,
        authorizing_integration_owners: { '0': guild.id },
      });
    }
    if (message) payload['message'] = toWire(message);
    return this.#register(payload, kind, message?.id ?? null);
  }

  // ---- waiting -------------------------------------------------------------------------------------

  /**
   * Resolves with the first non-undefined value of `probe`, re-evaluated whenever anything happens (a request,
   * a message, a gateway frame); rejects after `timeoutMs` with `description` and the recent requests.
   */
  waitUntil<T>(
    probe: () => T | undefined,
    timeoutMs: number = DEFAULT_TIMEOUT_MS,
    description = 'a condition',
  ): Promise<T> {
    let first: T | undefined;
    try {
      first = probe();
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
    if (first !== undefined) return Promise.resolve(first);
    if (this.#closed) return Promise.reject(new Error(`fake Discord closed while waiting for ${description}`));
    return new Promise<T>((resolve, reject) => {
      const onChange = (): void => {
        let value: T | undefined;
        try {
          value = probe();
        } catch (err) {
          pending.cleanup();
          reject(err instanceof Error ? err : new Error(String(err)));
          return;
        }
        if (value !== undefined) {
          pending.cleanup();
          resolve(value);
        }
      };
      const timer = setTimeout(() => {
        pending.cleanup();
        reject(
          new Error(
            `fake Discord: timed out after ${timeoutMs} ms waiting for ${description}.\n${this.describeRecent()}`,
          ),
        );
      }, timeoutMs);
      const pending: Pending = {
        reject,
        cleanup: () => {
          clearTimeout(timer);
          this.#events.off('change', onChange);
          this.#pending.delete(pending);
        },
      };
      this.#pending.add(pending);
      this.#events.on('change', onChange);
    });
  }

  /** The last requests and gateway frames, one per line (for failure messages). */
  describeRecent(count = 12): string {
    const requests = this.#requests
      .slice(-count)
      .map((r) => `  ${r.method} ${r.path} → ${r.status ?? 'pending'}${r.fault ? ` [${r.fault}]` : ''}`);
    const frames = this.gateway.received.slice(-5).map((f) => `  gateway #${f.connectionId} op ${f.op}`);
    return [
      `Recent requests (${this.#requests.length} recorded):`,
      ...(requests.length ? requests : ['  (none)']),
      'Recent gateway payloads:',
      ...(frames.length ? frames : ['  (none)']),
    ].join('\n');
  }

  /** @internal Wakes waiters. */
  notify(): void {
    this.#events.emit('change');
  }

  /** @internal */
  log(line: string): void {
    this.#log(line);
  }

  // ---- requests ------------------------------------------------------------------------------------

  /** Every request recorded since the last {@link clearRequests}, in arrival order. */
  get requests(): readonly RecordedRequest[] {
    return this.#requests;
  }

  /** Forgets recorded requests (sequence numbers keep counting). */
  clearRequests(): void {
    this.#requests.length = 0;
  }

  /** Recorded requests matching. */
  findRequests(matcher: RequestMatcher): RecordedRequest[] {
    const match = requestMatcher(matcher);
    return this.#requests.filter(match);
  }

  /** Requests that hit no route (answered 404 `{ message: '404: Not Found', code: 0 }`). */
  unhandledRequests(): RecordedRequest[] {
    return this.#requests.filter((r) => r.api && r.route === null && r.status === 404);
  }

  /**
   * The first recorded request (past or future, since the last clear) matching, as soon as it arrives (its
   * `status` is set by the time this resolves, except under `delay`/`hang` faults).
   */
  waitForRequest(matcher: RequestMatcher, timeoutMs: number = DEFAULT_TIMEOUT_MS): Promise<RecordedRequest> {
    const match = requestMatcher(matcher);
    return this.waitUntil(() => this.#requests.find(match), timeoutMs, 'a matching request');
  }

  /** The first `count` recorded requests matching. */
  waitForRequests(
    matcher: RequestMatcher,
    count: number,
    timeoutMs: number = DEFAULT_TIMEOUT_MS,
  ): Promise<RecordedRequest[]> {
    const match = requestMatcher(matcher);
    return this.waitUntil(
      () => {
        const found = this.#requests.filter(match);
        return found.length >= count ? found.slice(0, count) : undefined;
      },
      timeoutMs,
      `${count} matching requests`,
    );
  }

  /**
   * Makes the next `times` requests matching `matcher` get `fault` instead of (or, for `delay`, before) the
   * normal answer. Faults are tried in the order injected. Example:
   * `fake.injectFault({ method: 'POST', path: '/interactions/:id/:token/callback' }, faults.rateLimit(0.05))`.
   */
  injectFault(matcher: RequestMatcher, fault: RestFault, times = 1): FaultHandle {
    const active: ActiveFault = { matches: requestMatcher(matcher), fault, remaining: times, hits: 0 };
    this.#faults.push(active);
    return {
      get hits() {
        return active.hits;
      },
      get remaining() {
        return active.remaining;
      },
      cancel: () => {
        active.remaining = 0;
      },
    };
  }

  /** Removes every injected fault. */
  clearFaults(): void {
    this.#faults.length = 0;
  }

  // ---- state ---------------------------------------------------------------------------------------

  /** A guild (default {@link GUILD_ID}); mutate it to change what the next GUILD_CREATE and interactions carry. */
  guild(id: string = GUILD_ID): FakeGuild {
    const guild = this.#guilds.get(id);
    if (!guild) throw new Error(`fake Discord: unknown guild ${id}`);
    return guild;
  }

  /** @internal */
  guildList(): FakeGuild[] {
    return [...this.#guilds.values()];
  }

  /** Adds a guild (dispatch its GUILD_CREATE yourself if the client is already connected). */
  addGuild(guild: FakeGuild): void {
    this.#guilds.set(guild.id, guild);
    for (const m of guild.members) this.#users.set(m.user.id, m.user);
  }

  /** The DM channel id between the bot and a user (created on first use). */
  dmChannelFor(userId: string): string {
    let id = this.#dmChannels.get(userId);
    if (!id) {
      id = nextSnowflake();
      this.#dmChannels.set(userId, id);
    }
    return id;
  }

  /** A stored message (sent by tests or by the bot), or undefined (also once deleted). */
  getMessage(id: string): FakeMessage | undefined {
    return this.#messages.get(id);
  }

  /** Whether the bot (or a test) deleted this message. */
  wasDeleted(id: string): boolean {
    return this.#deletedMessages.has(id);
  }

  /** Stored messages, oldest first; of one channel if given. */
  messages(channelId?: string): FakeMessage[] {
    const all = [...this.#messages.values()];
    return channelId === undefined ? all : all.filter((m) => m.channel_id === channelId);
  }

  /** Messages authored by the bot (channel posts, interaction replies, follow-ups), oldest first. */
  botMessages(channelId?: string): FakeMessage[] {
    return this.messages(channelId).filter((m) => m.author.id === this.botUser.id);
  }

  /** The first stored message (past or future) matching; re-checked on edits too. */
  waitForMessage(
    predicate: (message: FakeMessage) => boolean,
    timeoutMs: number = DEFAULT_TIMEOUT_MS,
  ): Promise<FakeMessage> {
    return this.waitUntil(() => this.messages().find(predicate), timeoutMs, 'a matching message');
  }

  /** An interaction's state by id. */
  getInteraction(id: string): InteractionState | undefined {
    return this.#interactions.get(id);
  }

  /** Commands registered with PUT/POST (global, or for a guild), as echoed back. */
  registeredCommands(guildId?: string): JsonObject[] {
    return this.#commands.get(guildId ?? 'global') ?? [];
  }

  /**
   * Registers a file to be downloaded from the fake; returns the attachment object to put in a message or a
   * command option (`{ attachment }`). Its `url` carries Discord-like signature parameters (`?ex=…&is=…&hm=…`),
   * so code that reads the extension from the URL is caught. Downloads appear in {@link attachmentDownloads}.
   */
  addAttachment(spec: AttachmentSpec): APIAttachment {
    const data = typeof spec.content === 'string' ? Buffer.from(spec.content, 'utf8') : spec.content;
    const id = spec.id ?? nextSnowflake();
    const channelId = spec.channelId ?? TEXT_CHANNEL_ID;
    const contentType = spec.contentType ?? guessContentType(spec.filename);
    const contentLength = spec.contentLength ?? 'exact';
    this.#attachments.set(`${channelId}/${id}/${spec.filename}`, {
      data,
      contentType,
      contentLength: contentLength === 'exact' ? data.byteLength : contentLength === 'none' ? null : contentLength,
      chunkBytes: spec.chunkBytes ?? null,
      status: spec.status ?? 200,
      stallAfterBytes: spec.stallAfterBytes ?? null,
    });
    const signature = `ex=${Math.floor(Date.now() / 1000 + 86_400).toString(16)}&is=${Math.floor(Date.now() / 1000).toString(16)}&hm=${randomBytes(32).toString('hex')}&`;
    const url = `${this.baseUrl}/attachments/${channelId}/${id}/${encodeURIComponent(spec.filename)}?${signature}`;
    return {
      id,
      filename: spec.filename,
      size: spec.size ?? data.byteLength,
      url,
      proxy_url: url,
      content_type: contentType,
      ...(spec.description === undefined ? {} : { description: spec.description }),
    };
  }

  // ---- dispatching ---------------------------------------------------------------------------------

  /**
   * Dispatches a raw gateway event to the connected client(s) (see {@link FakeGateway.dispatch}). A raw
   * MESSAGE_CREATE is also stored (missing fields defaulted), so the bot can reply to it.
   */
  dispatch(t: string, d: unknown): number {
    if (
      t === 'MESSAGE_CREATE' &&
      isObject(d) &&
      typeof d['id'] === 'string' &&
      typeof d['channel_id'] === 'string' &&
      isObject(d['author']) &&
      !this.#messages.has(d['id'])
    ) {
      this.#store({
        ...(this.message(d['channel_id'], {}) as unknown as FakeMessage),
        ...(d as unknown as FakeMessage),
      });
    }
    return this.gateway.dispatch(t, d);
  }

  /**
   * Sends INTERACTION_CREATE for a chat-input command, an autocomplete, or a component. Throws when no client
   * has identified yet (during a disconnection it is buffered and replayed on RESUME).
   */
  sendInteraction(spec: InteractionSpec): SentInteraction {
    this.#requireSession('INTERACTION_CREATE');
    const { payload, kind, interactedMessageId } = this.buildInteraction(spec);
    return this.#register(payload, kind, interactedMessageId);
  }

  #requireSession(what: string): void {
    if (!this.gateway.hasSession)
      throw new Error(`fake Discord: cannot send ${what}: no gateway session yet (wait for the client to be ready)`);
  }

  #register(payload: JsonObject, kind: InteractionKind, interactedMessageId: string | null): SentInteraction {
    const id = payload['id'] as string;
    const token = payload['token'] as string;
    const state: InteractionState = {
      id,
      token,
      kind,
      payload,
      channelId: payload['channel_id'] as string,
      guildId: str(payload['guild_id']) ?? null,
      createdAt: Date.now(),
      callbacks: [],
      acknowledgedAt: null,
      responseType: null,
      originalMessageId: null,
      originalEdits: 0,
      followUpIds: [],
      choices: null,
      modal: null,
      interactedMessageId,
    };
    this.#interactions.set(id, state);
    this.#interactionsByToken.set(token, state);
    this.gateway.dispatch('INTERACTION_CREATE', payload);
    return this.#sentInteraction(state);
  }

  /** A chat-input command (e.g. `{ name: 'ask', options: { question: 'why?' } }`). */
  sendCommand(spec: CommandSpec): SentInteraction {
    return this.sendInteraction({ type: 'command', ...spec });
  }

  /** An autocomplete (type 4) with `focused` marking the option being typed. */
  sendAutocomplete(spec: AutocompleteSpec): SentInteraction {
    return this.sendInteraction({ type: 'autocomplete', ...spec });
  }

  /** A component interaction (a button by default) on a stored or given message. */
  sendComponent(spec: ComponentSpec): SentInteraction {
    return this.sendInteraction({ type: 'component', ...spec });
  }

  /**
   * Builds a complete INTERACTION_CREATE payload without sending it (to tweak and {@link dispatch} by hand;
   * the fake will not know its token unless it is then sent with {@link sendInteraction}).
   */
  buildInteraction(spec: InteractionSpec): {
    payload: JsonObject;
    kind: InteractionKind;
    interactedMessageId: string | null;
  } {
    const user = spec.user ?? MEMBER_USER;
    this.#users.set(user.id, user);
    const id = spec.id ?? nextSnowflake();
    const token = spec.token ?? `fake_ix_${id}_${randomBytes(24).toString('base64url')}`;
    const locale = spec.locale ?? 'en-US';
    const payload: JsonObject = {
      id,
      application_id: this.applicationId,
      token,
      version: 1,
      locale,
      entitlements: [],
      attachment_size_limit: 10 * 1024 * 1024,
    };
    let guild: FakeGuild | null = null;
    if (spec.dm) {
      const channelId = spec.channelId ?? this.dmChannelFor(user.id);
      payload['user'] = user;
      payload['channel_id'] = channelId;
      payload['channel'] = this.#dmChannelPayload(channelId, user);
      payload['context'] = 1;
      payload['authorizing_integration_owners'] = { '0': '0' };
      payload['app_permissions'] = String(spec.appPermissions ?? EVERYONE_PERMISSIONS);
    } else {
      guild = this.guild(spec.guildId ?? GUILD_ID);
      const channel = this.#guildChannel(guild, spec.channelId);
      const known = guild.members.find((m) => m.user.id === user.id);
      const roles = [...(spec.roles ?? known?.roles ?? [])];
      const permissions = String(spec.permissions ?? computePermissions(guild, user.id, roles));
      const botMember = guild.members.find((m) => m.user.id === this.botUser.id);
      payload['guild_id'] = guild.id;
      payload['guild'] = { id: guild.id, locale: guild.preferredLocale, features: [] };
      payload['guild_locale'] = spec.guildLocale ?? guild.preferredLocale;
      payload['channel_id'] = channel.id;
      payload['channel'] = { ...this.#channelPayload(guild, channel), permissions };
      payload['member'] = {
        ...this.#memberPayload({ user, roles, ...(known?.nick === undefined ? {} : { nick: known.nick }) }),
        user,
        permissions,
      };
      payload['context'] = 0;
      payload['authorizing_integration_owners'] = { '0': guild.id };
      payload['app_permissions'] = String(
        spec.appPermissions ?? computePermissions(guild, this.botUser.id, botMember?.roles ?? []),
      );
    }
    const channelId = payload['channel_id'] as string;
    let kind: InteractionKind;
    let interactedMessageId: string | null = null;
    if (spec.type === 'component') {
      kind = 'component';
      payload['type'] = 3;
      const componentType = spec.componentType ?? 2;
      payload['data'] = {
        custom_id: spec.customId,
        component_type: componentType,
        ...(componentType === 2 ? {} : { values: [...(spec.values ?? [])] }),
      };
      const message = this.#componentMessage(spec, channelId, guild);
      interactedMessageId = message.id;
      payload['message'] = toWire(message);
    } else {
      kind = spec.type;
      payload['type'] = spec.type === 'command' ? 2 : 4;
      const resolved: Record<string, JsonObject> = {};
      let options = this.#buildOptions(
        spec.options,
        resolved,
        guild,
        spec.type === 'autocomplete' ? spec.focused : undefined,
      );
      if (spec.type === 'autocomplete' && !options.some((o) => o['focused'] === true)) {
        throw new Error(`fake Discord: the focused option "${spec.focused}" must be one of the options`);
      }
      if (spec.subcommand !== undefined) options = [{ type: 1, name: spec.subcommand, options }];
      if (spec.subcommandGroup !== undefined) {
        if (spec.subcommand === undefined) throw new Error('fake Discord: a subcommandGroup needs a subcommand');
        options = [{ type: 2, name: spec.subcommandGroup, options }];
      }
      const registeredGuild =
        guild && this.registeredCommands(guild.id).find((c) => c['name'] === spec.name) ? guild.id : undefined;
      const data: JsonObject = {
        id: spec.commandId ?? this.#commandId(spec.name, registeredGuild),
        name: spec.name,
        type: 1,
      };
      if (options.length > 0) data['options'] = options;
      if (Object.keys(resolved).length > 0 && spec.type === 'command') data['resolved'] = resolved;
      if (registeredGuild !== undefined) data['guild_id'] = registeredGuild;
      payload['data'] = data;
    }
    spec.patch?.(payload);
    return { payload, kind, interactedMessageId };
  }

  /**
   * Sends MESSAGE_CREATE from a user: in a guild channel (guild_id, member, channel_type 0) or, with `dm`, in
   * their DM with the bot (channel_type 1, no guild_id). The message is stored, so the bot can fetch it and
   * tests can reply to it.
   */
  sendMessage(spec: MessageSpec): SentMessage {
    this.#requireSession('MESSAGE_CREATE');
    const author = spec.author ?? MEMBER_USER;
    this.#users.set(author.id, author);
    const id = spec.id ?? nextSnowflake();
    let content = spec.content;
    const mentions: APIUser[] = [...(spec.mentions ?? [])];
    if (spec.mentionBot) {
      if (!content.includes(`<@${this.botUser.id}>`) && !content.includes(`<@!${this.botUser.id}>`))
        content = `<@${this.botUser.id}> ${content}`;
      if (!mentions.some((u) => u.id === this.botUser.id)) mentions.push(this.botUser);
    }
    let guild: FakeGuild | null = null;
    let channelId: string;
    if (spec.dm) {
      channelId = spec.channelId ?? this.dmChannelFor(author.id);
    } else {
      guild = this.guild(spec.guildId ?? GUILD_ID);
      channelId = this.#guildChannel(guild, spec.channelId).id;
    }
    let reference: FakeMessage | null = null;
    if (spec.replyTo !== undefined) {
      reference = typeof spec.replyTo === 'string' ? (this.#messages.get(spec.replyTo) ?? null) : spec.replyTo;
      if (!reference) throw new Error(`fake Discord: replyTo message ${String(spec.replyTo)} is not stored`);
      if ((spec.mentionRepliedUser ?? true) && !mentions.some((u) => u.id === reference?.author.id))
        mentions.push(reference.author);
    }
    const message: FakeMessage = {
      id,
      channel_id: channelId,
      author,
      content,
      timestamp: isoNow(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions,
      mention_roles: [...(spec.mentionRoles ?? [])],
      attachments: [...(spec.attachments ?? [])],
      embeds: [],
      components: [],
      pinned: false,
      type: reference ? 19 : 0,
      flags: 0,
      channel_type: guild ? 0 : 1,
    };
    if (guild) {
      message.guild_id = guild.id;
      const known = guild.members.find((m) => m.user.id === author.id);
      message.member = this.#memberPayload({ user: author, roles: [...(spec.roles ?? known?.roles ?? [])] });
      message.mentions = mentions.map((u) => {
        const m = guild?.members.find((x) => x.user.id === u.id);
        return m && guild ? ({ ...u, member: this.#memberPayload(m) } as APIUser) : u;
      });
    }
    if (reference) {
      message.message_reference = {
        type: 0,
        message_id: reference.id,
        channel_id: reference.channel_id,
        ...(reference.guild_id ? { guild_id: reference.guild_id } : {}),
      };
      message.referenced_message = reference;
    }
    this.#store(message);
    const payload = toWire(message);
    spec.patch?.(payload);
    this.gateway.dispatch('MESSAGE_CREATE', payload);
    return {
      id,
      channelId,
      message,
      waitForReply: (timeoutMs = DEFAULT_TIMEOUT_MS) =>
        this.waitUntil(
          () =>
            this.messages(channelId).find(
              (m) => m.author.id === this.botUser.id && m.message_reference?.message_id === id,
            ),
          timeoutMs,
          `the bot's reply to message ${id}`,
        ),
    };
  }

  // ---- payloads (internal, but public for the gateway) ---------------------------------------------

  /** @internal */
  tokenOk(token: unknown): boolean {
    return this.token === null || token === this.token;
  }

  /** @internal The READY payload. */
  readyPayload(sessionId: string, shard: [number, number], guildIds: readonly string[]): JsonObject {
    return {
      v: 10,
      user: { ...this.botUser, bot: true, verified: true, mfa_enabled: false, flags: 0, email: null },
      guilds: guildIds.map((id) => ({ id, unavailable: true })),
      session_id: sessionId,
      resume_gateway_url: `${this.gatewayUrl}/resume`,
      shard,
      application: { id: this.applicationId, flags: 0 },
      user_settings: {},
      relationships: [],
      private_channels: [],
      presences: [],
      guild_join_requests: [],
      geo_ordered_rtc_regions: ['local'],
      session_type: 'normal',
      auth: {},
      _trace: ['fake-discord'],
    };
  }

  /** @internal The GUILD_CREATE payload of a guild. */
  guildCreatePayload(guild: FakeGuild): JsonObject {
    return {
      ...this.#guildPayload(guild),
      joined_at: isoNow(),
      large: false,
      unavailable: false,
      member_count: guild.members.length,
      voice_states: [],
      members: guild.members.map((m) => ({ ...this.#memberPayload(m), user: m.user })),
      channels: guild.channels.map((c) => this.#channelPayload(guild, c)),
      threads: [],
      presences: [],
      stage_instances: [],
      guild_scheduled_events: [],
      soundboard_sounds: [],
      lazy: true,
      ...guild.extra,
    };
  }

  /**
   * @internal What a session receives for an event: null when its intents exclude it; guild message content
   * blanked without MessageContent unless the bot is mentioned or the author; fake-only fields stripped.
   */
  shapeForSession(t: string, d: unknown, intents: number): unknown {
    if (!this.settings.enforceIntents || !isObject(d)) return d;
    const inGuild = typeof d['guild_id'] === 'string';
    const need = (guildBit: number, dmBit: number): boolean => (intents & (inGuild ? guildBit : dmBit)) !== 0;
    if (t.startsWith('MESSAGE_REACTION_')) return need(INTENT.guildReactions, INTENT.directReactions) ? d : null;
    if (t === 'TYPING_START') return need(INTENT.guildTyping, INTENT.directTyping) ? d : null;
    if (t.startsWith('GUILD_MEMBER_')) return (intents & INTENT.guildMembers) !== 0 ? d : null;
    if (/^(GUILD_(CREATE|UPDATE|DELETE|ROLE_)|CHANNEL_|THREAD_)/.test(t))
      return (intents & INTENT.guilds) !== 0 ? d : null;
    if (t.startsWith('MESSAGE_')) {
      if (!need(INTENT.guildMessages, INTENT.directMessages)) return null;
      if ((t === 'MESSAGE_CREATE' || t === 'MESSAGE_UPDATE') && inGuild && (intents & INTENT.messageContent) === 0) {
        const author = isObject(d['author']) ? d['author']['id'] : undefined;
        const mentioned = asArray(d['mentions']).some((u) => isObject(u) && u['id'] === this.botUser.id);
        if (author !== this.botUser.id && !mentioned)
          return { ...d, content: '', embeds: [], attachments: [], components: [] };
      }
    }
    return d;
  }

  #guildPayload(guild: FakeGuild): JsonObject {
    return {
      id: guild.id,
      name: guild.name,
      icon: null,
      splash: null,
      discovery_splash: null,
      banner: null,
      description: null,
      owner_id: guild.ownerId,
      afk_channel_id: null,
      afk_timeout: 300,
      widget_enabled: false,
      verification_level: 0,
      default_message_notifications: 1,
      explicit_content_filter: 0,
      roles: guild.roles,
      emojis: [],
      stickers: [],
      features: [],
      mfa_level: 0,
      application_id: null,
      system_channel_id: guild.channels[0]?.id ?? null,
      system_channel_flags: 0,
      rules_channel_id: null,
      public_updates_channel_id: null,
      safety_alerts_channel_id: null,
      max_members: 500_000,
      max_video_channel_users: 25,
      max_stage_video_channel_users: 50,
      vanity_url_code: null,
      premium_tier: 0,
      premium_subscription_count: 0,
      premium_progress_bar_enabled: false,
      preferred_locale: guild.preferredLocale,
      nsfw_level: 0,
      nsfw: false,
      incidents_data: null,
    };
  }

  #memberPayload(member: FakeGuildMember): JsonObject {
    return {
      roles: member.roles,
      nick: member.nick ?? null,
      avatar: null,
      banner: null,
      joined_at: member.joinedAt ?? '2024-01-01T00:00:00.000000+00:00',
      premium_since: null,
      deaf: false,
      mute: false,
      flags: 0,
      pending: false,
      communication_disabled_until: null,
    };
  }

  #channelPayload(guild: FakeGuild, channel: FakeChannel): JsonObject {
    return {
      id: channel.id,
      type: channel.type ?? 0,
      guild_id: guild.id,
      name: channel.name,
      position: guild.channels.indexOf(channel),
      permission_overwrites: channel.permissionOverwrites ?? [],
      topic: channel.topic ?? null,
      nsfw: false,
      parent_id: channel.parentId ?? null,
      last_message_id: null,
      rate_limit_per_user: channel.rateLimitPerUser ?? 0,
      flags: 0,
    };
  }

  #dmChannelPayload(channelId: string, user: APIUser): JsonObject {
    return { id: channelId, type: 1, recipients: [user], last_message_id: null, flags: 0 };
  }

  #guildChannel(guild: FakeGuild, channelId: string | undefined): FakeChannel {
    const channel =
      channelId === undefined
        ? guild.channels.find((c) => (c.type ?? 0) === 0)
        : guild.channels.find((c) => c.id === channelId);
    if (!channel) throw new Error(`fake Discord: no channel ${channelId ?? '(text)'} in guild ${guild.id}`);
    return channel;
  }

  #findChannel(channelId: string): { guild: FakeGuild; channel: FakeChannel } | { dmUser: APIUser } | null {
    for (const guild of this.#guilds.values()) {
      const channel = guild.channels.find((c) => c.id === channelId);
      if (channel) return { guild, channel };
    }
    for (const [userId, id] of this.#dmChannels) {
      if (id === channelId) return { dmUser: this.#users.get(userId) ?? makeUser(userId, `user-${userId}`) };
    }
    return null;
  }

  #commandId(name: string, guildId: string | undefined): string {
    const registered =
      this.registeredCommands(guildId).find((c) => c['name'] === name) ??
      this.registeredCommands().find((c) => c['name'] === name);
    const id = str(registered?.['id']);
    if (id) return id;
    let stable = this.#commandIds.get(name);
    if (!stable) {
      stable = nextSnowflake();
      this.#commandIds.set(name, stable);
    }
    return stable;
  }

  #buildOptions(
    input: CommandSpec['options'],
    resolved: Record<string, JsonObject>,
    guild: FakeGuild | null,
    focused: string | undefined,
  ): JsonObject[] {
    const out: JsonObject[] = [];
    const add = (kind: string, id: string, value: unknown): void => {
      const bucket = resolved[kind] ?? {};
      bucket[id] = value;
      resolved[kind] = bucket;
    };
    for (const [name, value] of Object.entries(input ?? {})) {
      let option: JsonObject;
      if (typeof value === 'string') option = { name, type: 3, value };
      else if (typeof value === 'number') option = { name, type: Number.isInteger(value) ? 4 : 10, value };
      else if (typeof value === 'boolean') option = { name, type: 5, value };
      else if ('user' in value) {
        option = { name, type: 6, value: value.user.id };
        this.#users.set(value.user.id, value.user);
        add('users', value.user.id, value.user);
        const member = guild?.members.find((m) => m.user.id === value.user.id);
        if (member && guild)
          add('members', member.user.id, {
            ...this.#memberPayload(member),
            permissions: String(computePermissions(guild, member.user.id, member.roles)),
          });
      } else if ('role' in value) {
        option = { name, type: 8, value: value.role.id };
        add('roles', value.role.id, value.role);
      } else if ('channel' in value) {
        option = { name, type: 7, value: value.channel.id };
        add('channels', value.channel.id, {
          id: value.channel.id,
          name: value.channel.name ?? 'channel',
          type: value.channel.type ?? 0,
          permissions: String(ALL_PERMISSIONS),
        });
      } else if ('attachment' in value) {
        option = { name, type: 11, value: value.attachment.id };
        add('attachments', value.attachment.id, value.attachment);
      } else option = { name, type: value.type, value: value.value };
      if (focused === name) option['focused'] = true;
      out.push(option);
    }
    return out;
  }

  #componentMessage(spec: ComponentSpec, channelId: string, guild: FakeGuild | null): FakeMessage {
    if (typeof spec.message === 'string') {
      const stored = this.#messages.get(spec.message);
      if (!stored) throw new Error(`fake Discord: component message ${spec.message} is not stored`);
      return stored;
    }
    if (spec.message) return spec.message;
    const componentType = spec.componentType ?? 2;
    const component: JsonObject =
      componentType === 2
        ? { type: 2, style: 2, custom_id: spec.customId, label: 'Button' }
        : {
            type: componentType,
            custom_id: spec.customId,
            ...(componentType === 3 ? { options: (spec.values ?? ['a']).map((v) => ({ label: v, value: v })) } : {}),
          };
    const message = this.#newMessage({ channelId, guild, author: this.botUser, type: 0, flags: 0 });
    message.content = 'A message with a component';
    message.components = [{ type: 1, components: [component] }];
    this.#store(message);
    return message;
  }

  #sentInteraction(state: InteractionState): SentInteraction {
    const original = (): FakeMessage | undefined =>
      state.originalMessageId ? this.#messages.get(state.originalMessageId) : undefined;
    return {
      id: state.id,
      token: state.token,
      kind: state.kind,
      payload: state.payload,
      callbackPath: `/interactions/${state.id}/${state.token}/callback`,
      state: () => state,
      waitForCallback: (timeoutMs = DEFAULT_TIMEOUT_MS) =>
        this.waitUntil(
          () => state.callbacks.find((r) => r.status !== null && r.status >= 200 && r.status < 300),
          timeoutMs,
          `a successful callback for interaction ${state.id}`,
        ),
      waitForResponse: (timeoutMs = DEFAULT_TIMEOUT_MS) =>
        this.waitUntil(
          () => {
            const t = state.responseType;
            if (t === 4 || t === 7) return original();
            if ((t === 5 || t === 6) && state.originalEdits > 0) return original();
            return undefined;
          },
          timeoutMs,
          `the response to interaction ${state.id}`,
        ),
      waitForFollowUp: (n = 1, timeoutMs = DEFAULT_TIMEOUT_MS) =>
        this.waitUntil(
          () => {
            const id = state.followUpIds[n - 1];
            return id === undefined ? undefined : this.#messages.get(id);
          },
          timeoutMs,
          `follow-up #${n} of interaction ${state.id}`,
        ),
      waitForChoices: (timeoutMs = DEFAULT_TIMEOUT_MS) =>
        this.waitUntil(() => state.choices ?? undefined, timeoutMs, `autocomplete choices for interaction ${state.id}`),
    };
  }

  // ---- messages ------------------------------------------------------------------------------------

  #newMessage(args: {
    channelId: string;
    guild: FakeGuild | null;
    author: APIUser;
    type: number;
    flags: number;
  }): FakeMessage {
    const message: FakeMessage = {
      ...blankMessage(args.channelId, args.author, args.type, args.flags),
      channel_type: args.guild ? 0 : 1,
    };
    if (args.guild) {
      message.guild_id = args.guild.id;
      const member = args.guild.members.find((m) => m.user.id === args.author.id);
      if (member) message.member = this.#memberPayload(member);
    }
    return message;
  }

  #store(message: FakeMessage): void {
    this.#messages.set(message.id, message);
    this.notify();
  }

  /** Applies a create/edit body (content, embeds, components, flags, attachments, allowed_mentions). */
  #applyBody(message: FakeMessage, body: JsonObject, files: readonly RecordedFile[], editing: boolean): void {
    if ('content' in body) message.content = typeof body['content'] === 'string' ? body['content'] : '';
    if (Array.isArray(body['embeds'])) message.embeds = body['embeds'] as APIEmbed[];
    if (Array.isArray(body['components'])) message.components = body['components'].filter(isObject);
    if (typeof body['flags'] === 'number')
      message.flags = editing ? (message.flags & (64 | 128)) | body['flags'] : body['flags'];
    if ('allowed_mentions' in body) message.allowed_mentions = body['allowed_mentions'];
    if ('tts' in body) message.tts = body['tts'] === true;
    const declared = Array.isArray(body['attachments']) ? body['attachments'].filter(isObject) : null;
    if (declared || files.length > 0) {
      const kept: APIAttachment[] = [];
      const used = new Set<RecordedFile>();
      for (const a of declared ?? []) {
        const id = String(a['id']);
        const existing = message.attachments.find((x) => x.id === id);
        if (existing) {
          kept.push(existing);
          continue;
        }
        const file = files.find((f) => f.field === `files[${id}]`) ?? files.find((f) => f.name === a['filename']);
        if (file) {
          used.add(file);
          kept.push(
            this.addAttachment({
              filename: str(a['filename']) ?? file.name,
              content: file.data,
              contentType: file.contentType,
              channelId: message.channel_id,
              ...(typeof a['description'] === 'string' ? { description: a['description'] } : {}),
            }),
          );
        }
      }
      for (const file of files)
        if (!used.has(file))
          kept.push(
            this.addAttachment({
              filename: file.name,
              content: file.data,
              contentType: file.contentType,
              channelId: message.channel_id,
            }),
          );
      message.attachments = declared || !editing ? kept : [...message.attachments, ...kept];
    }
    this.#applyMentions(message);
  }

  /** `mentions` from `<@id>` in content, as allowed_mentions permits, plus the replied-to author. */
  #applyMentions(message: FakeMessage): void {
    const allowed = isObject(message.allowed_mentions) ? message.allowed_mentions : null;
    const parse = allowed ? asArray(allowed['parse']) : ['users', 'roles', 'everyone'];
    const users = allowed ? asArray(allowed['users']).map(String) : [];
    const ids = [...message.content.matchAll(/<@!?(\d{17,20})>/g)].map((m) => m[1] ?? '');
    const mentioned = ids.filter((id, i) => ids.indexOf(id) === i && (parse.includes('users') || users.includes(id)));
    const out = mentioned.map((id) => this.#users.get(id) ?? makeUser(id, `user-${id}`));
    const replied = message.referenced_message?.author;
    const repliedUser = allowed ? allowed['replied_user'] === true : true;
    if (replied && repliedUser && !out.some((u) => u.id === replied.id)) out.push(replied);
    message.mentions = out;
    message.mention_everyone = parse.includes('everyone') && /@(everyone|here)/.test(message.content);
  }

  #echo(t: 'MESSAGE_CREATE' | 'MESSAGE_UPDATE', message: FakeMessage): void {
    if (!this.settings.echoBotMessages || (message.flags & 64) !== 0 || !this.gateway.hasSession || this.#closed)
      return;
    this.gateway.dispatch(t, toWire(message));
  }

  #echoDelete(message: FakeMessage): void {
    if (!this.settings.echoBotMessages || (message.flags & 64) !== 0 || !this.gateway.hasSession || this.#closed)
      return;
    this.gateway.dispatch('MESSAGE_DELETE', {
      id: message.id,
      channel_id: message.channel_id,
      ...(message.guild_id ? { guild_id: message.guild_id } : {}),
    });
  }

  #validateCreate(
    body: JsonObject,
    prefix: Array<string | number>,
    files: readonly RecordedFile[],
  ): RouteResult | null {
    if (!this.settings.validate) return null;
    const problems = messageProblems(body, prefix);
    if (problems.length > 0) return formError(problems);
    const probe = {
      content: str(body['content']) ?? '',
      embeds: asArray(body['embeds']) as APIEmbed[],
      components: asArray(body['components']).filter(isObject),
      attachments: files.length > 0 ? [{} as APIAttachment] : [],
    };
    if (isEmptyMessage(probe) && asArray(body['sticker_ids']).length === 0 && !isObject(body['poll']))
      return error(400, 50006, 'Cannot send an empty message');
    return null;
  }

  #validateEdit(message: FakeMessage, body: JsonObject, files: readonly RecordedFile[]): RouteResult | null {
    if (!this.settings.validate) return null;
    const problems = messageProblems(body, []);
    if (problems.length > 0) return formError(problems);
    const after = {
      content: 'content' in body ? (str(body['content']) ?? '') : message.content,
      embeds: Array.isArray(body['embeds']) ? (body['embeds'] as APIEmbed[]) : message.embeds,
      components: Array.isArray(body['components']) ? body['components'].filter(isObject) : message.components,
      attachments:
        Array.isArray(body['attachments']) || files.length > 0
          ? files.length > 0 || asArray(body['attachments']).length > 0
            ? [{} as APIAttachment]
            : []
          : message.attachments,
    };
    if (isEmptyMessage(after) && (message.flags & 128) === 0) return error(400, 50006, 'Cannot send an empty message');
    return null;
  }

  // ---- HTTP ----------------------------------------------------------------------------------------

  async #onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (this.#closed) {
      res.destroy();
      return;
    }
    const url = new URL(req.url ?? '/', this.baseUrl);
    const rawPath = url.pathname;
    const decoded = rawPath
      .split('/')
      .map((seg) => {
        try {
          return decodeURIComponent(seg);
        } catch {
          return seg;
        }
      })
      .join('/');
    if ((req.method === 'GET' || req.method === 'HEAD') && decoded.startsWith('/attachments/')) {
      req.resume();
      this.#serveAttachment(req, res, decoded.slice('/attachments/'.length));
      return;
    }
    let buffer: Buffer;
    try {
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of req as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (size > MAX_BODY_BYTES) {
          res
            .writeHead(413, { 'content-type': 'application/json' })
            .end(JSON.stringify({ message: 'Request entity too large', code: 40005 }));
          return;
        }
        chunks.push(chunk);
      }
      buffer = Buffer.concat(chunks);
    } catch {
      return;
    }
    const apiMatch = /^\/api(?:\/v(\d+))?(\/.*)?$/.exec(decoded);
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers))
      if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
    const contentType = headers['content-type'] ?? '';
    let body: unknown = null;
    const files: RecordedFile[] = [];
    if (buffer.length > 0) {
      if (contentType.startsWith('multipart/form-data')) {
        try {
          const form = await new Response(buffer, { headers: { 'content-type': contentType } }).formData();
          for (const [field, value] of form) {
            if (typeof value === 'string') {
              if (field === 'payload_json') body = JSON.parse(value);
            } else {
              files.push({
                field,
                name: value.name,
                size: value.size,
                contentType: value.type,
                data: new Uint8Array(await value.arrayBuffer()),
              });
            }
          }
        } catch {
          body = null;
        }
      } else {
        const text = buffer.toString('utf8');
        try {
          body = JSON.parse(text);
        } catch {
          body = text;
        }
      }
    }
    const request: RecordedRequest = {
      seq: ++this.#requestSeq,
      at: Date.now(),
      method: (req.method ?? 'GET').toUpperCase(),
      path: apiMatch ? (apiMatch[2] ?? '/') : decoded,
      rawPath,
      api: apiMatch !== null,
      version: apiMatch?.[1] ? Number(apiMatch[1]) : null,
      query: url.searchParams,
      headers,
      authorization: headers['authorization'],
      body,
      rawBody: buffer.toString('utf8'),
      files,
      route: null,
      status: null,
      response: undefined,
      fault: null,
    };
    this.#requests.push(request);
    this.#log(`${request.method} ${request.path}`);
    const callback =
      request.method === 'POST' ? /^\/interactions\/([^/]+)\/([^/]+)\/callback$/.exec(request.path) : null;
    if (callback) {
      const state = this.#interactions.get(callback[1] ?? '');
      if (state && state.token === callback[2]) state.callbacks.push(request);
    }
    for (const listener of this.#requestListeners) listener(request);
    this.notify();
    if (this.restDelayMs > 0) {
      await this.#sleep(this.restDelayMs);
      if (this.#closed) return;
    }

    const fault = this.#takeFault(request);
    if (fault) {
      switch (fault.kind) {
        case 'respond':
          request.fault = `respond ${fault.status}`;
          this.#respond(res, request, {
            status: fault.status,
            ...(fault.body === undefined ? {} : { body: fault.body }),
            ...(fault.headers ? { headers: { ...fault.headers } } : {}),
          });
          return;
        case 'reset':
          request.fault = 'reset';
          this.notify();
          req.socket.destroy();
          return;
        case 'hang':
          request.fault = 'hang';
          this.notify();
          return;
        case 'delay':
          request.fault = `delay ${fault.ms}ms`;
          this.notify();
          await this.#sleep(fault.ms);
          if (this.#closed) return;
          break;
      }
    }

    let result: RouteResult = { status: 404, body: { message: 'Unknown route', code: 0 } };
    for (const route of request.api ? this.#routes : []) {
      if (route.method !== request.method) continue;
      const m = route.regex.exec(request.path);
      if (!m) continue;
      request.route = `${route.method} ${route.pattern}`;
      if (route.auth && this.token !== null && request.authorization !== `Bot ${this.token}`) {
        result = { status: 401, body: { message: '401: Unauthorized', code: 0 } };
        break;
      }
      try {
        result = route.handle({ request, params: { ...m.groups } });
      } catch (err) {
        result = {
          status: 500,
          body: { message: `fake Discord handler error: ${err instanceof Error ? err.message : String(err)}`, code: 0 },
        };
      }
      break;
    }
    this.#respond(res, request, result);
  }

  #takeFault(request: RecordedRequest): RestFault | null {
    for (const f of this.#faults) {
      if (f.remaining > 0 && f.matches(request)) {
        f.remaining -= 1;
        f.hits += 1;
        return f.fault;
      }
    }
    return null;
  }

  #respond(res: ServerResponse, request: RecordedRequest, result: RouteResult): void {
    request.status = result.status;
    request.response = result.body;
    const headers: Record<string, string> = { ...result.headers };
    if (result.body === undefined || result.status === 204) {
      res.writeHead(result.status, headers).end();
    } else {
      headers['content-type'] ??= 'application/json';
      res.writeHead(result.status, headers).end(JSON.stringify(result.body));
    }
    this.notify();
    if (result.after)
      setImmediate(() => {
        if (!this.#closed) result.after?.();
      });
  }

  #serveAttachment(req: IncomingMessage, res: ServerResponse, name: string): void {
    const a = this.#attachments.get(name);
    if (!a) {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ message: 'Unknown attachment' }));
      return;
    }
    const download: AttachmentDownload = { name, bytesSent: 0, done: false, aborted: false };
    this.attachmentDownloads.push(download);
    res.on('close', () => {
      download.done = true;
      download.aborted = !res.writableFinished;
      this.notify();
    });
    const headers: Record<string, string> = { 'content-type': a.contentType };
    if (a.contentLength !== null) headers['content-length'] = String(a.contentLength);
    res.writeHead(a.status, headers);
    this.notify();
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    void this.#streamAttachment(res, a, download);
  }

  /** Writes an attachment (in chunks if asked, yielding so a client can hang up); stalls or cuts off if asked. */
  async #streamAttachment(res: ServerResponse, a: StoredAttachment, download: AttachmentDownload): Promise<void> {
    const limit = Math.min(a.stallAfterBytes ?? a.data.byteLength, a.data.byteLength);
    const step = a.chunkBytes ?? Math.max(limit, 1);
    for (let at = 0; at < limit && !res.destroyed && !this.#closed; at += step) {
      const chunk = a.data.subarray(at, Math.min(at + step, limit));
      download.bytesSent += chunk.byteLength;
      if (!res.write(chunk)) await Promise.race([once(res, 'drain'), once(res, 'close')]);
      if (a.chunkBytes !== null) await new Promise((r) => setImmediate(r));
    }
    if (res.destroyed || this.#closed) return;
    if (a.stallAfterBytes !== null && a.stallAfterBytes < a.data.byteLength) return; // until close() cuts it
    // A Content-Length larger than the body: cut the connection instead of ending cleanly.
    if (a.contentLength !== null && a.contentLength > a.data.byteLength) res.destroy();
    else res.end();
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const entry = {
        timer: setTimeout(() => {
          this.#timers.delete(entry);
          resolve();
        }, ms),
        resolve,
      };
      this.#timers.add(entry);
    });
  }

  // ---- routes --------------------------------------------------------------------------------------

  #route(method: string, pattern: string, handle: (ctx: RouteContext) => RouteResult, auth = true): void {
    this.#routes.push({ method, pattern, regex: compileRoute(pattern), auth, handle });
  }

  #installRoutes(): void {
    // Gateway discovery.
    this.#route('GET', '/gateway/bot', () => ({
      status: 200,
      body: {
        url: this.gatewayUrl,
        shards: this.settings.shardCount,
        session_start_limit: { total: 1000, remaining: 1000, reset_after: 0, max_concurrency: 1 },
      },
    }));
    this.#route('GET', '/gateway', () => ({ status: 200, body: { url: this.gatewayUrl } }), false);

    // Users and DMs.
    this.#route('GET', '/users/@me', () => ({
      status: 200,
      body: { ...this.botUser, bot: true, verified: true, flags: 0 },
    }));
    this.#route('POST', '/users/@me/channels', ({ request }) => {
      const recipient = isObject(request.body) ? str(request.body['recipient_id']) : undefined;
      if (!recipient)
        return formError([{ path: ['recipient_id'], code: 'BASE_TYPE_REQUIRED', message: 'This field is required' }]);
      const user = this.#users.get(recipient);
      if (!user) return error(404, 10013, 'Unknown User');
      return { status: 200, body: this.#dmChannelPayload(this.dmChannelFor(recipient), user) };
    });
    this.#route('GET', '/users/:user', ({ params }) => {
      const user = this.#users.get(params['user'] ?? '');
      return user ? { status: 200, body: user } : error(404, 10013, 'Unknown User');
    });

    // The application.
    const application = (): RouteResult => ({
      status: 200,
      body: {
        id: this.applicationId,
        name: this.botUser.username,
        icon: null,
        description: '',
        summary: '',
        bot_public: true,
        bot_require_code_grant: false,
        verify_key: '0'.repeat(64),
        flags: 0,
        owner: OWNER_USER,
        team: null,
        bot: this.botUser,
      },
    });
    this.#route('GET', '/applications/@me', application);
    this.#route('GET', '/oauth2/applications/@me', application);

    // Command registration.
    for (const scope of ['/applications/:app/commands', '/applications/:app/guilds/:guild/commands']) {
      this.#route('PUT', scope, ({ request, params }) => this.#putCommands(request, params));
      this.#route('GET', scope, ({ params }) =>
        params['app'] === this.applicationId
          ? { status: 200, body: this.registeredCommands(params['guild']) }
          : error(403, 50001, 'Missing Access'),
      );
      this.#route('POST', scope, ({ request, params }) => {
        if (params['app'] !== this.applicationId) return error(403, 50001, 'Missing Access');
        if (!isObject(request.body))
          return formError([{ path: ['name'], code: 'BASE_TYPE_REQUIRED', message: 'This field is required' }]);
        const key = params['guild'] ?? 'global';
        const list = this.#commands.get(key) ?? [];
        const command = this.#echoCommand(request.body, params['guild'], list);
        this.#commands.set(key, [...list.filter((c) => c['name'] !== command['name']), command]);
        return { status: 201, body: command };
      });
      this.#route('DELETE', `${scope}/:command`, ({ params }) => {
        const key = params['guild'] ?? 'global';
        const list = this.#commands.get(key) ?? [];
        if (!list.some((c) => c['id'] === params['command'])) return error(404, 10063, 'Unknown application command');
        this.#commands.set(
          key,
          list.filter((c) => c['id'] !== params['command']),
        );
        return { status: 204 };
      });
    }

    // Interactions.
    this.#route('POST', '/interactions/:id/:token/callback', (ctx) => this.#callback(ctx), false);
    this.#route('POST', '/webhooks/:app/:token', (ctx) => this.#followUp(ctx), false);
    this.#route(
      'GET',
      '/webhooks/:app/:token/messages/:message',
      (ctx) => {
        const found = this.#webhookMessage(ctx.params);
        return 'status' in found ? found : { status: 200, body: toWire(found.message) };
      },
      false,
    );
    this.#route('PATCH', '/webhooks/:app/:token/messages/:message', (ctx) => this.#editWebhookMessage(ctx), false);
    this.#route(
      'DELETE',
      '/webhooks/:app/:token/messages/:message',
      (ctx) => {
        const found = this.#webhookMessage(ctx.params);
        if ('status' in found) return found;
        return { status: 204, after: this.#delete(found.message) };
      },
      false,
    );

    // Channels and messages.
    this.#route('GET', '/channels/:channel', ({ params }) => {
      const found = this.#findChannel(params['channel'] ?? '');
      if (!found) return error(404, 10003, 'Unknown Channel');
      return {
        status: 200,
        body:
          'dmUser' in found
            ? this.#dmChannelPayload(params['channel'] ?? '', found.dmUser)
            : this.#channelPayload(found.guild, found.channel),
      };
    });
    this.#route('POST', '/channels/:channel/messages', (ctx) => this.#postChannelMessage(ctx));
    this.#route('GET', '/channels/:channel/messages', ({ request, params }) => {
      if (!this.#findChannel(params['channel'] ?? '')) return error(404, 10003, 'Unknown Channel');
      const limit = Math.min(100, Math.max(1, Number(request.query.get('limit') ?? 50) || 50));
      return { status: 200, body: this.messages(params['channel']).reverse().slice(0, limit).map(toWire) };
    });
    this.#route('GET', '/channels/:channel/messages/:message', ({ params }) => {
      const message = this.#messages.get(params['message'] ?? '');
      if (!message || message.channel_id !== params['channel']) return error(404, 10008, 'Unknown Message');
      return { status: 200, body: toWire(message) };
    });
    this.#route('PATCH', '/channels/:channel/messages/:message', ({ request, params }) => {
      const message = this.#messages.get(params['message'] ?? '');
      if (!message || message.channel_id !== params['channel']) return error(404, 10008, 'Unknown Message');
      if (message.author.id !== this.botUser.id)
        return error(403, 50005, 'Cannot edit a message authored by another user');
      const body = isObject(request.body) ? request.body : {};
      const invalid = this.#validateEdit(message, body, request.files);
      if (invalid) return invalid;
      this.#applyBody(message, body, request.files, true);
      message.edited_timestamp = isoNow();
      this.#store(message);
      return { status: 200, body: toWire(message), after: () => this.#echo('MESSAGE_UPDATE', message) };
    });
    this.#route('DELETE', '/channels/:channel/messages/:message', ({ params }) => {
      const message = this.#messages.get(params['message'] ?? '');
      if (!message || message.channel_id !== params['channel']) return error(404, 10008, 'Unknown Message');
      return { status: 204, after: this.#delete(message) };
    });
    this.#route('POST', '/channels/:channel/typing', ({ params }) =>
      this.#findChannel(params['channel'] ?? '') ? { status: 204 } : error(404, 10003, 'Unknown Channel'),
    );
    for (const method of ['PUT', 'DELETE']) {
      this.#route(method, '/channels/:channel/messages/:message/reactions/:emoji/:user', ({ params }) =>
        this.#messages.has(params['message'] ?? '') ? { status: 204 } : error(404, 10008, 'Unknown Message'),
      );
    }

    // Guilds.
    this.#route('GET', '/guilds/:guild', ({ params }) => {
      const guild = this.#guilds.get(params['guild'] ?? '');
      return guild ? { status: 200, body: this.#guildPayload(guild) } : error(404, 10004, 'Unknown Guild');
    });
    this.#route('GET', '/guilds/:guild/roles', ({ params }) => {
      const guild = this.#guilds.get(params['guild'] ?? '');
      return guild ? { status: 200, body: guild.roles } : error(404, 10004, 'Unknown Guild');
    });
    this.#route('GET', '/guilds/:guild/channels', ({ params }) => {
      const guild = this.#guilds.get(params['guild'] ?? '');
      return guild
        ? { status: 200, body: guild.channels.map((c) => this.#channelPayload(guild, c)) }
        : error(404, 10004, 'Unknown Guild');
    });
    this.#route('GET', '/guilds/:guild/members/:user', ({ params }) => {
      const guild = this.#guilds.get(params['guild'] ?? '');
      if (!guild) return error(404, 10004, 'Unknown Guild');
      const member = guild.members.find((m) => m.user.id === params['user']);
      return member
        ? { status: 200, body: { ...this.#memberPayload(member), user: member.user } }
        : error(404, 10007, 'Unknown Member');
    });
  }

  #putCommands(request: RecordedRequest, params: Record<string, string>): RouteResult {
    if (params['app'] !== this.applicationId) return error(403, 50001, 'Missing Access');
    if (params['guild'] !== undefined && !this.#guilds.has(params['guild'])) return error(404, 10004, 'Unknown Guild');
    const body = request.body;
    if (!Array.isArray(body)) return formError([{ path: [], code: 'BASE_TYPE_ARRAY', message: 'Must be an array.' }]);
    if (this.settings.validate) {
      const problems: FormProblem[] = [];
      if (body.length > 100)
        problems.push({ path: [], code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 100 or fewer in length.' });
      body.forEach((c, i) => {
        if (!isObject(c)) return;
        const name = str(c['name']) ?? '';
        const type = typeof c['type'] === 'number' ? c['type'] : 1;
        if (type === 1 && !/^[-_'\p{Ll}\p{Lo}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u.test(name))
          problems.push({
            path: [i, 'name'],
            code: 'APPLICATION_COMMAND_INVALID_NAME',
            message: 'Command name is invalid',
          });
        if (type === 1) maxLength(problems, [i, 'description'], c['description'], 100, true);
        if (asArray(c['options']).length > 25)
          problems.push({
            path: [i, 'options'],
            code: 'BASE_TYPE_MAX_LENGTH',
            message: 'Must be 25 or fewer in length.',
          });
      });
      const names = body.filter(isObject).map((c) => `${String(c['type'] ?? 1)}:${String(c['name'])}`);
      if (new Set(names).size !== names.length)
        problems.push({
          path: [],
          code: 'APPLICATION_COMMANDS_DUPLICATE_NAME',
          message: 'Application command names must be unique',
        });
      if (problems.length > 0) return formError(problems);
    }
    const key = params['guild'] ?? 'global';
    const previous = this.#commands.get(key) ?? [];
    const commands = body.filter(isObject).map((c) => this.#echoCommand(c, params['guild'], previous));
    this.#commands.set(key, commands);
    return { status: 200, body: commands };
  }

  #echoCommand(input: JsonObject, guildId: string | undefined, previous: readonly JsonObject[]): JsonObject {
    const existing = previous.find((c) => c['name'] === input['name'] && (c['type'] ?? 1) === (input['type'] ?? 1));
    return {
      type: 1,
      default_member_permissions: null,
      nsfw: false,
      ...input,
      id: str(existing?.['id']) ?? nextSnowflake(),
      application_id: this.applicationId,
      version: nextSnowflake(),
      ...(guildId === undefined ? {} : { guild_id: guildId }),
    };
  }

  #interactionMetadata(state: InteractionState): JsonObject {
    const user = isObject(state.payload['member']) ? state.payload['member']['user'] : state.payload['user'];
    const data = isObject(state.payload['data']) ? state.payload['data'] : {};
    return {
      id: state.id,
      type: state.payload['type'],
      user,
      authorizing_integration_owners: state.payload['authorizing_integration_owners'],
      ...(state.kind === 'command' ? { name: data['name'], command_type: 1 } : {}),
      ...(state.interactedMessageId ? { interacted_message_id: state.interactedMessageId } : {}),
    };
  }

  #callback({ request, params }: RouteContext): RouteResult {
    const state = this.#interactions.get(params['id'] ?? '');
    if (!state || state.token !== params['token']) return error(404, 10062, 'Unknown interaction');
    if (state.acknowledgedAt !== null) return error(400, 40060, 'Interaction has already been acknowledged.');
    const deadline = this.settings.interactionDeadlineMs;
    if (deadline !== null && Date.now() - state.createdAt > deadline) return error(404, 10062, 'Unknown interaction');
    const body = isObject(request.body) ? request.body : {};
    const type = body['type'];
    const data = isObject(body['data']) ? body['data'] : {};
    const allowed: Record<InteractionKind, readonly number[]> = {
      command: [4, 5, 9, 12],
      autocomplete: [8],
      component: [4, 5, 6, 7, 9, 12],
    };
    if (typeof type !== 'number' || !allowed[state.kind].includes(type)) {
      return formError([
        {
          path: ['type'],
          code: 'INTERACTION_RESPONSE_TYPE_INVALID',
          message: `Interaction response type ${String(type)} is invalid for this interaction`,
        },
      ]);
    }
    const guild = state.guildId ? (this.#guilds.get(state.guildId) ?? null) : null;
    let message: FakeMessage | null = null;
    let after: (() => void) | undefined;
    switch (type) {
      case 4: {
        const invalid = this.#validateCreate(data, ['data'], request.files);
        if (invalid) return invalid;
        message = this.#newMessage({
          channelId: state.channelId,
          guild,
          author: this.botUser,
          type: state.kind === 'command' ? 20 : 0,
          flags: 0,
        });
        this.#applyBody(message, data, request.files, false);
        break;
      }
      case 5:
        message = this.#newMessage({
          channelId: state.channelId,
          guild,
          author: this.botUser,
          type: state.kind === 'command' ? 20 : 0,
          flags: 0,
        });
        message.flags = ((typeof data['flags'] === 'number' ? data['flags'] : 0) & 64) | 128;
        break;
      case 6:
      case 7: {
        const target = state.interactedMessageId ? this.#messages.get(state.interactedMessageId) : undefined;
        if (!target) return error(404, 10008, 'Unknown Message');
        if (type === 7) {
          const invalid = this.#validateEdit(target, data, request.files);
          if (invalid) return invalid;
          this.#applyBody(target, data, request.files, true);
          target.edited_timestamp = isoNow();
          after = () => this.#echo('MESSAGE_UPDATE', target);
        }
        state.originalMessageId = target.id;
        break;
      }
      case 8: {
        const choices = asArray(data['choices']);
        if (this.settings.validate) {
          const problems: FormProblem[] = [];
          if (choices.length > LIMITS.choices)
            problems.push({
              path: ['data', 'choices'],
              code: 'BASE_TYPE_MAX_LENGTH',
              message: `Must be ${LIMITS.choices} or fewer in length.`,
            });
          choices.forEach((c, i) => {
            if (!isObject(c)) return;
            maxLength(problems, ['data', 'choices', i, 'name'], c['name'], LIMITS.choiceName, true);
            if (typeof c['value'] === 'string')
              maxLength(problems, ['data', 'choices', i, 'value'], c['value'], LIMITS.choiceValue);
          });
          if (problems.length > 0) return formError(problems);
        }
        state.choices = choices.filter(isObject);
        break;
      }
      case 9:
        state.modal = data;
        break;
      default:
        break;
    }
    if (message) {
      message.webhook_id = this.applicationId;
      message.application_id = this.applicationId;
      message.interaction_metadata = this.#interactionMetadata(state);
      this.#store(message);
      state.originalMessageId = message.id;
      const created = message;
      after = () => this.#echo('MESSAGE_CREATE', created);
    }
    state.acknowledgedAt = Date.now();
    state.responseType = type;
    this.notify();
    if (request.query.get('with_response') !== 'true') return { status: 204, ...(after ? { after } : {}) };
    const original = state.originalMessageId ? this.#messages.get(state.originalMessageId) : undefined;
    return {
      status: 200,
      body: {
        interaction: {
          id: state.id,
          type: state.payload['type'],
          ...(original
            ? {
                response_message_id: original.id,
                response_message_loading: (original.flags & 128) !== 0,
                response_message_ephemeral: (original.flags & 64) !== 0,
              }
            : {}),
        },
        resource: {
          type,
          ...(original && (type === 4 || type === 5 || type === 7) ? { message: toWire(original) } : {}),
        },
      },
      ...(after ? { after } : {}),
    };
  }

  #webhookState(params: Record<string, string>): InteractionState | RouteResult {
    const state = this.#interactionsByToken.get(params['token'] ?? '');
    if (params['app'] !== this.applicationId || !state) return error(404, 10015, 'Unknown Webhook');
    return state;
  }

  #webhookMessage(params: Record<string, string>): { state: InteractionState; message: FakeMessage } | RouteResult {
    const state = this.#webhookState(params);
    if ('status' in state) return state;
    const id = params['message'] === '@original' ? state.originalMessageId : (params['message'] ?? null);
    const message = id === null ? undefined : this.#messages.get(id);
    const ours = message && (message.id === state.originalMessageId || state.followUpIds.includes(message.id));
    if (!message || !ours) return error(404, 10008, 'Unknown Message');
    return { state, message };
  }

  #followUp({ request, params }: RouteContext): RouteResult {
    const state = this.#webhookState(params);
    if ('status' in state) return state;
    if (state.acknowledgedAt === null) return error(404, 10015, 'Unknown Webhook');
    const body = isObject(request.body) ? request.body : {};
    const invalid = this.#validateCreate(body, [], request.files);
    if (invalid) return invalid;
    const guild = state.guildId ? (this.#guilds.get(state.guildId) ?? null) : null;
    const message = this.#newMessage({
      channelId: state.channelId,
      guild,
      author: this.botUser,
      type: state.kind === 'command' ? 20 : 0,
      flags: 0,
    });
    this.#applyBody(message, body, request.files, false);
    message.flags &= 64 | 4 | 4096 | (1 << 15);
    message.webhook_id = this.applicationId;
    message.application_id = this.applicationId;
    message.interaction_metadata = {
      ...this.#interactionMetadata(state),
      ...(state.originalMessageId ? { original_response_message_id: state.originalMessageId } : {}),
    };
    this.#store(message);
    state.followUpIds.push(message.id);
    const after = (): void => this.#echo('MESSAGE_CREATE', message);
    if (request.query.get('wait') !== 'true') return { status: 204, after };
    return { status: 200, body: toWire(message), after };
  }

  #editWebhookMessage({ request, params }: RouteContext): RouteResult {
    const found = this.#webhookMessage(params);
    if ('status' in found) return found;
    const { state, message } = found;
    const body = isObject(request.body) ? request.body : {};
    const invalid = this.#validateEdit(message, body, request.files);
    if (invalid) return invalid;
    const wasLoading = (message.flags & 128) !== 0;
    this.#applyBody(message, body, request.files, true);
    message.flags &= ~128;
    if (!wasLoading) message.edited_timestamp = isoNow();
    if (message.id === state.originalMessageId) state.originalEdits += 1;
    this.#store(message);
    return { status: 200, body: toWire(message), after: () => this.#echo('MESSAGE_UPDATE', message) };
  }

  #delete(message: FakeMessage): () => void {
    this.#messages.delete(message.id);
    this.#deletedMessages.add(message.id);
    this.notify();
    return () => this.#echoDelete(message);
  }

  #postChannelMessage({ request, params }: RouteContext): RouteResult {
    const channelId = params['channel'] ?? '';
    const found = this.#findChannel(channelId);
    if (!found) return error(404, 10003, 'Unknown Channel');
    const body = isObject(request.body) ? request.body : {};
    const invalid = this.#validateCreate(body, [], request.files);
    if (invalid) return invalid;
    const guild = 'guild' in found ? found.guild : null;
    let referenced: FakeMessage | null = null;
    const ref = body['message_reference'];
    if (isObject(ref) && (ref['type'] ?? 0) === 0) {
      const refId = str(ref['message_id']) ?? '';
      referenced = this.#messages.get(refId) ?? null;
      if (
        !referenced ||
        (ref['channel_id'] !== undefined && ref['channel_id'] !== referenced.channel_id) ||
        referenced.channel_id !== channelId
      ) {
        if (ref['fail_if_not_exists'] !== false) {
          return formError([
            { path: ['message_reference'], code: 'MESSAGE_REFERENCE_UNKNOWN_MESSAGE', message: 'Unknown message' },
          ]);
        }
        referenced = null;
      }
    }
    const message = this.#newMessage({ channelId, guild, author: this.botUser, type: referenced ? 19 : 0, flags: 0 });
    if (referenced) {
      message.message_reference = {
        type: 0,
        message_id: referenced.id,
        channel_id: referenced.channel_id,
        ...(referenced.guild_id ? { guild_id: referenced.guild_id } : {}),
      };
      message.referenced_message = referenced;
    }
    this.#applyBody(message, body, request.files, false);
    this.#store(message);
    return { status: 200, body: toWire(message), after: () => this.#echo('MESSAGE_CREATE', message) };
  }
}

/** The message as Discord sends it: fake-only fields dropped, the referenced message one level deep. */
function toWire(message: FakeMessage): JsonObject {
  const { allowed_mentions: _allowed, referenced_message: referenced, ...rest } = message;
  const wire: JsonObject = { ...rest };
  if (referenced !== undefined) {
    if (referenced === null) wire['referenced_message'] = null;
    else {
      const { allowed_mentions: _a, referenced_message: _r, ...inner } = referenced;
      wire['referenced_message'] = inner;
    }
  }
  return wire;
}

function legacyUser(options: UserOptions = {}): APIUser {
  return {
    id: options.id ?? USER_ID,
    username: options.username ?? 'member',
    discriminator: '0',
    global_name: null,
    avatar: null,
    bot: options.bot ?? false,
  };
}

function guessContentType(filename: string): string {
  const ext = filename.toLowerCase().split('.').pop() ?? '';
  const types: Record<string, string> = {
    md: 'text/markdown; charset=utf-8',
    txt: 'text/plain; charset=utf-8',
    json: 'application/json',
    html: 'text/html; charset=utf-8',
    pdf: 'application/pdf',
    png: 'image/png',
    jpg: 'image/jpeg',
    jpeg: 'image/jpeg',
    gif: 'image/gif',
  };
  return types[ext] ?? 'application/octet-stream';
}

/** An empty message as Discord shapes it: the fields every message carries. */
function blankMessage(channelId: string, author: APIUser, type: number, flags: number): FakeMessage {
  return {
    id: nextSnowflake(),
    channel_id: channelId,
    author,
    content: '',
    timestamp: isoNow(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: [],
    embeds: [],
    components: [],
    pinned: false,
    type,
    flags,
  } as FakeMessage;
}
