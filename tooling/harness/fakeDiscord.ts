/**
 * A small fake Discord — REST API and gateway on 127.0.0.1 — that the real discord.js client talks to
 * end to end, offline. Tests drive it (dispatch interactions and messages, inject faults) and read what
 * the bot did (every REST request, the messages it left, each interaction's state).
 *
 * ```ts
 * const fake = await FakeDiscord.start();                // or: await new FakeDiscord().start()
 * const client = new Client(fake.clientOptions());       // or the bot's own createClient({ discordApiUrl: fake.apiUrl })
 * await client.login(FAKE_TOKEN);                        // any token, unless `token` is set in the options
 * const ix = fake.command('ask', [{ name: 'question', type: 3, value: 'why?' }]);
 * const reply = await ix.waitForResponse();              // the message the user sees (after a deferral, once edited)
 * await client.destroy();
 * await fake.close();
 * ```
 *
 * One API, on {@link FakeDiscord}: send (`command`, `autocomplete`, `button`, `userMessage`), break
 * (`inject`/`injectFault` with {@link faults}, `closeGateway`, `ackHeartbeats`, `serveAttachment`), and read
 * what the bot did (`requests`, `find`, `waitForRequest`, `callbackOf`, `waitFor`, the returned
 * {@link SentInteraction}); `fake.gateway` ({@link FakeGateway}) holds the gateway's own records. Several servers:
 * `new FakeDiscord({ guilds: [defaultGuild(), defaultGuild({ id: OTHER_GUILD_ID })] })`, then `guildId` in the
 * options of `command`, `autocomplete`, `button` and `userMessage` says which one (default GUILD_ID). The modules
 * behind it live in ./fake/: server (HTTP, state), gateway, routes, callbacks and webhooks, messages,
 * payloads, validation, faults, ids.
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
export type { AttachmentDownload, AttachmentServing } from './fake/attachments.ts';
export { FakeDiscord } from './fake/discord.ts';
export { faults, requestMatcher } from './fake/faults.ts';
export type { Fault, FaultHandle, RequestMatcher, RestFault } from './fake/faults.ts';
export { FakeGateway } from './fake/gateway.ts';
export type { GatewayConnectionInfo, GatewayFrame } from './fake/gatewayTypes.ts';
export {
  ALL_PERMISSIONS,
  BOT_PERMISSIONS,
  computePermissions,
  defaultGuild,
  defaultRoles,
  EVERYONE_PERMISSIONS,
  makeRole,
  shardOf,
} from './fake/guild.ts';
export type { FakeChannel, FakeGuild, FakeGuildMember } from './fake/guild.ts';
export {
  BOT_ID,
  BOT_ROLE_ID,
  BOT_USER,
  CHANNEL_ID,
  DM_CHANNEL_ID,
  EVERYONE_ROLE_ID,
  FAKE_TOKEN,
  GUILD_ID,
  makeUser,
  MANAGER_ROLE_ID,
  MANAGER_USER,
  MANAGER_USER_ID,
  MEMBER_USER,
  MOD_ROLE_ID,
  MODERATOR_USER,
  MODERATOR_USER_ID,
  nextSnowflake,
  OTHER_CHANNEL_ID,
  OTHER_GUILD_ID,
  OTHER_USER,
  OTHER_USER_ID,
  OWNER_USER,
  OWNER_USER_ID,
  PERMS_MANAGE_GUILD,
  PERMS_MEMBER,
  USER_ID,
} from './fake/ids.ts';
export type { InteractionOptions, SentInteraction, UserOptions } from './fake/interactions.ts';
export type { JsonObject } from './fake/json.ts';
export type { UserMessageOptions } from './fake/messages.ts';
export type { FakeDiscordOptions } from './fake/options.ts';
export { buttonsOf } from './fake/records.ts';
export type {
  FakeButton,
  FakeMessage,
  InteractionKind,
  InteractionState,
  RecordedFile,
  RecordedRequest,
} from './fake/records.ts';
