import type { APIUser } from 'discord.js';
import type { FakeGuild } from './guild.ts';

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
