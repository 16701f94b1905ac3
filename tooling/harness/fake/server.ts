import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { GatewayIntentBits, Partials, type APIUser, type ClientOptions } from 'discord.js';
import type { AttachmentDownload } from './attachments.ts';
import { FakeGateway } from './gateway.ts';
import { defaultGuild, type FakeGuild } from './guild.ts';
import { handleRequest } from './http.ts';
import {
  BOT_USER,
  GUILD_ID,
  MANAGER_USER,
  MEMBER_USER,
  MODERATOR_USER,
  OTHER_USER,
  OWNER_USER,
  nextSnowflake,
} from './ids.ts';
import { blankMessage, legacyUser } from './messages.ts';
import type { FakeDiscordOptions } from './options.ts';
import type { FakeMessage } from './records.ts';
import { installRoutes } from './routes.ts';
import { FakeState } from './state.ts';

/**
 * The Discord side of the fake: the HTTP server on 127.0.0.1 (REST, the gateway's upgrade, attachment
 * downloads), its state and the guilds, users and channels it knows. The modules of the fake (routes,
 * gateway, messages, interactions) work on this; tests drive it through {@link FakeDiscord}.
 */
export class FakeDiscordServer {
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

  /** @internal The fake's state, shared by its modules (./state.ts). */
  readonly state: FakeState;

  /** A fake that is not listening yet: call {@link start}. */
  constructor(options: FakeDiscordOptions = {}) {
    this.botUser = options.botUser ?? BOT_USER;
    this.applicationId = options.applicationId ?? this.botUser.id;
    this.token = options.token ?? null;
    this.state = new FakeState(options.log ?? (() => {}));
    this.settings = {
      validate: options.validate ?? true,
      enforceIntents: options.enforceIntents ?? true,
      echoBotMessages: options.echoBotMessages ?? true,
      interactionDeadlineMs: options.interactionDeadlineMs ?? null,
      shardCount: options.shardCount ?? 1,
    };
    this.gateway = new FakeGateway(this, options.heartbeatIntervalMs ?? 41_250);
    for (const guild of options.guilds ?? [defaultGuild()]) this.addGuild(guild);
    this.state.users.set(this.botUser.id, this.botUser);
    for (const u of [MEMBER_USER, OTHER_USER, MODERATOR_USER, MANAGER_USER, OWNER_USER]) this.state.users.set(u.id, u);
    installRoutes(this);
  }

  /** Listens on 127.0.0.1 with an ephemeral port. */
  async start(): Promise<this> {
    if (this.state.server) throw new Error('fake Discord already started');
    const server = createServer((req, res) => void handleRequest(this, req, res));
    server.keepAliveTimeout = 5_000;
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) =>
      this.gateway.handleUpgrade(req, socket, head),
    );
    server.on('clientError', (_err, socket) => socket.destroy());
    server.on('connection', () => this.httpConnections++);
    this.state.server = server;
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
    return this.state.closed;
  }

  /**
   * Stops everything: pending waits reject, hanging requests and delays are cut, every socket is destroyed.
   * Destroy the client first, or it will keep trying to reconnect (harmlessly) until it is destroyed.
   */
  async close(): Promise<void> {
    if (this.state.closed) return;
    this.state.closed = true;
    for (const p of [...this.state.pending]) {
      p.cleanup();
      p.reject(new Error('fake Discord closed'));
    }
    for (const t of this.state.timers) {
      clearTimeout(t.timer);
      t.resolve();
    }
    this.state.timers.clear();
    this.gateway.shutdown();
    const server = this.state.server;
    if (server) {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    }
    this.state.events.removeAllListeners();
  }

  /** The default guild's locale: GUILD_CREATE's preferred_locale and interactions' guild_locale. */
  get guildLocale(): string {
    return this.guild().preferredLocale;
  }

  set guildLocale(value: string) {
    this.guild().preferredLocale = value;
  }

  /** A message object as Discord would return it (author {@link USER_ID} unless `fields` say otherwise). Not stored. */
  message(channelId: string, fields: Record<string, unknown>): Record<string, unknown> {
    return {
      ...blankMessage(channelId, legacyUser(), 0, 0),
      ...fields,
      ...(fields.flags === undefined ? { flags: 0 } : {}),
    };
  }

  /** @internal Wakes waiters. */
  notify(): void {
    this.state.events.emit('change');
  }

  /** @internal */
  log(line: string): void {
    this.state.log(line);
  }

  /** A guild (default {@link GUILD_ID}); mutate it to change what the next GUILD_CREATE and interactions carry. */
  guild(id: string = GUILD_ID): FakeGuild {
    const guild = this.state.guilds.get(id);
    if (!guild) throw new Error(`fake Discord: unknown guild ${id}`);
    return guild;
  }

  /** @internal */
  guildList(): FakeGuild[] {
    return [...this.state.guilds.values()];
  }

  /** Adds a guild (dispatch its GUILD_CREATE yourself if the client is already connected). */
  addGuild(guild: FakeGuild): void {
    this.state.guilds.set(guild.id, guild);
    for (const m of guild.members) this.state.users.set(m.user.id, m.user);
  }

  /** The DM channel id between the bot and a user (created on first use). */
  dmChannelFor(userId: string): string {
    let id = this.state.dmChannels.get(userId);
    if (!id) {
      id = nextSnowflake();
      this.state.dmChannels.set(userId, id);
    }
    return id;
  }

  /** Stored messages, oldest first; of one channel if given. */
  messages(channelId?: string): FakeMessage[] {
    const all = [...this.state.messages.values()];
    return channelId === undefined ? all : all.filter((m) => m.channel_id === channelId);
  }

  /** @internal */
  tokenOk(token: unknown): boolean {
    return this.token === null || token === this.token;
  }
}
