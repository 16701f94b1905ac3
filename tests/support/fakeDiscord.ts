import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

/**
 * A small fake Discord on 127.0.0.1 — REST over node:http and the gateway over ws — that the real
 * discord.js client talks to through `rest.api` (DISCORD_API_URL). It records every REST call, serves
 * what discord.js needs to log in (gateway/bot, HELLO, READY, GUILD_CREATE, heartbeats, RESUME), lets
 * tests dispatch INTERACTION_CREATE and MESSAGE_CREATE, and injects faults: gateway closes, silent
 * heartbeats, and REST replies with any status.
 */

export const APP_ID = '100000000000000001';
export const BOT_ID = APP_ID;
export const GUILD_ID = '200000000000000002';
export const CHANNEL_ID = '300000000000000003';
export const DM_CHANNEL_ID = '300000000000000099';
export const MOD_ROLE_ID = '400000000000000004';
export const USER_ID = '500000000000000005';
export const OTHER_USER_ID = '500000000000000006';
/** Permission bits as Discord sends them (strings). ManageGuild is 1 << 5. */
export const PERMS_MEMBER = '2147483648';
export const PERMS_MANAGE_GUILD = String(1n << 5n | 2147483648n);

/** One REST call as the fake received it. */
export interface RecordedRequest {
  method: string;
  /** Decoded path without the /api/v10 prefix, e.g. /interactions/123/tok/callback. */
  path: string;
  query: URLSearchParams;
  /** Parsed JSON body (for multipart: the payload_json part), or null. */
  body: unknown;
  authorization: string | undefined;
  at: number;
}

/** Serving options for an attachment (fault injection: a server that lies about the size). */
export interface AttachmentServing {
  /** Stream the body without a content-length header, in chunks of this many bytes (default: one write). */
  chunkBytes?: number;
}

/** What happened to one GET of an attachment. */
export interface AttachmentDownload {
  name: string;
  /** Body bytes written before the response ended or the client went away. */
  bytesSent: number;
  /** False while streaming; true once the response ended or was cut off. */
  done: boolean;
  /** True when the client closed the connection before the whole body was sent. */
  aborted: boolean;
}

/** A canned answer for the next matching REST calls. */
export interface Fault {
  match: (req: RecordedRequest) => boolean;
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** How many matching calls get it (default 1). */
  times?: number;
}

interface UserOptions {
  id?: string;
  username?: string;
  bot?: boolean;
}

export interface InteractionOptions {
  /** Locale of the user (default en-US). */
  locale?: string;
  /** In a DM instead of the guild channel. */
  dm?: boolean;
  user?: UserOptions;
  /** Role ids of the member (guild only). */
  roles?: string[];
  /** The member's permission bits (default: an ordinary member). */
  permissions?: string;
  /** `data.resolved` (users, attachments). */
  resolved?: Record<string, unknown>;
}

let sequence = 10_000n;
/** A fresh snowflake-looking id. */
export function snowflake(): string {
  sequence += 1n;
  return String((BigInt(Date.now() - 1_420_070_400_000) << 22n) + sequence);
}

function user(options: UserOptions = {}): Record<string, unknown> {
  return {
    id: options.id ?? USER_ID,
    username: options.username ?? 'member',
    discriminator: '0',
    global_name: null,
    avatar: null,
    bot: options.bot ?? false,
  };
}

function member(options: InteractionOptions): Record<string, unknown> {
  return {
    user: user(options.user),
    roles: options.roles ?? [],
    permissions: options.permissions ?? PERMS_MEMBER,
    joined_at: new Date(0).toISOString(),
    deaf: false,
    mute: false,
    flags: 0,
  };
}

export class FakeDiscord {
  readonly requests: RecordedRequest[] = [];
  identifies = 0;
  resumes = 0;
  heartbeats = 0;
  /** When false, heartbeats get no ACK (a zombie connection). */
  ackHeartbeats = true;
  /** How long REST calls take to answer, ms (0: at once). */
  restDelayMs = 0;
  /** Guild locale sent in GUILD_CREATE and with messages. */
  guildLocale = 'en-US';
  /** The heartbeat_interval sent in HELLO to connections opened from now on, ms (Discord's is ~41,250). */
  heartbeatIntervalMs = 45_000;
  /** Every GET of an attachment URL, in order (they are not in `requests`: they are not Discord API calls). */
  readonly attachmentDownloads: AttachmentDownload[] = [];
  private readonly requestListeners = new Set<(r: RecordedRequest) => void>();
  private readonly faults: Fault[] = [];
  private readonly attachments = new Map<string, { bytes: Buffer; contentType: string; serving: AttachmentServing }>();
  private readonly sockets = new Set<WebSocket>();
  private readonly waiters = new Set<{ pred: (r: RecordedRequest) => boolean; resolve: (r: RecordedRequest) => void }>();
  private server: Server | null = null;
  private wss: WebSocketServer | null = null;
  private seq = 0;
  private sessionId = 'session-1';
  port = 0;

  /** The REST base to give discord.js (`rest.api`) or DISCORD_API_URL. */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.wss = new WebSocketServer({ server: this.server });
    this.wss.on('connection', (ws) => this.onConnection(ws));
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async close(): Promise<void> {
    for (const ws of this.sockets) ws.terminate();
    this.wss?.close();
    if (this.server) {
      this.server.closeAllConnections();
      await new Promise<void>((resolve) => this.server!.close(() => resolve()));
    }
  }

  // ---------------------------------------------------------------- REST

  /** The next matching calls get this answer instead of the normal one. */
  inject(fault: Fault): void {
    this.faults.push({ times: 1, ...fault });
  }

  /**
   * Serves bytes at GET /attachments/NAME; returns the URL to put in an attachment object. With
   * `serving.chunkBytes` the body streams without a content-length, so only counting bytes can stop it.
   */
  serveAttachment(name: string, bytes: Buffer | string, contentType = 'text/plain; charset=utf-8', serving: AttachmentServing = {}): string {
    this.attachments.set(name, { bytes: Buffer.from(bytes), contentType, serving });
    return `http://127.0.0.1:${this.port}/attachments/${encodeURIComponent(name)}`;
  }

  clear(): void {
    this.requests.length = 0;
  }

  /** Calls `listener` with every REST call as it is recorded (timing at the fake); returns the unsubscribe. */
  onRequest(listener: (r: RecordedRequest) => void): () => void {
    this.requestListeners.add(listener);
    return () => this.requestListeners.delete(listener);
  }

  /** Calls recorded so far that match. */
  find(pred: (r: RecordedRequest) => boolean): RecordedRequest[] {
    return this.requests.filter(pred);
  }

  /** Resolves with the first call (already recorded or to come) that matches; rejects after timeoutMs. */
  waitForRequest(pred: (r: RecordedRequest) => boolean, timeoutMs = 3_000): Promise<RecordedRequest> {
    const seen = this.requests.find(pred);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const waiter = { pred, resolve: (r: RecordedRequest) => { clearTimeout(timer); this.waiters.delete(waiter); resolve(r); } };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`no matching request within ${timeoutMs} ms; got: ${this.requests.map((r) => `${r.method} ${r.path}`).join(', ')}`));
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  /** The first response to an interaction (its callback body), waited for. */
  async callbackOf(interactionId: string, timeoutMs = 3_000): Promise<{ type: number; data?: Record<string, unknown> }> {
    const req = await this.waitForRequest((r) => r.method === 'POST' && r.path.startsWith(`/interactions/${interactionId}/`), timeoutMs);
    return req.body as { type: number; data?: Record<string, unknown> };
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);

    if (req.method === 'GET' && url.pathname.startsWith('/attachments/')) {
      const name = decodeURIComponent(url.pathname.slice('/attachments/'.length));
      const file = this.attachments.get(name);
      if (!file) return this.send(res, 404, { message: 'Unknown attachment' });
      const download: AttachmentDownload = { name, bytesSent: 0, done: false, aborted: false };
      this.attachmentDownloads.push(download);
      res.on('close', () => {
        download.done = true;
        download.aborted = !res.writableFinished;
      });
      if (file.serving.chunkBytes) return void this.stream(res, file.bytes, file.contentType, file.serving.chunkBytes, download);
      res.writeHead(200, { 'content-type': file.contentType, 'content-length': file.bytes.length });
      download.bytesSent = file.bytes.length;
      res.end(file.bytes);
      return;
    }

    const path = decodeURIComponent(url.pathname.replace(/^\/api(\/v\d+)?/, ''));
    const recorded: RecordedRequest = {
      method: req.method ?? 'GET',
      path,
      query: url.searchParams,
      body: parseBody(raw, req.headers['content-type']),
      authorization: req.headers.authorization,
      at: Date.now(),
    };
    this.requests.push(recorded);
    for (const listener of this.requestListeners) listener(recorded);
    for (const waiter of [...this.waiters]) if (waiter.pred(recorded)) waiter.resolve(recorded);
    if (this.restDelayMs > 0) await new Promise((r) => setTimeout(r, this.restDelayMs));

    const fault = this.faults.find((f) => (f.times ?? 1) > 0 && f.match(recorded));
    if (fault) {
      fault.times = (fault.times ?? 1) - 1;
      return this.send(res, fault.status, fault.body ?? { message: 'injected', code: 0 }, fault.headers);
    }
    this.route(recorded, res);
  }

  /** Streams a body chunk by chunk (no content-length), yielding between chunks so a client can hang up. */
  private async stream(res: ServerResponse, bytes: Buffer, contentType: string, chunkBytes: number, download: AttachmentDownload): Promise<void> {
    res.writeHead(200, { 'content-type': contentType });
    for (let at = 0; at < bytes.length && !res.destroyed; at += chunkBytes) {
      const chunk = bytes.subarray(at, at + chunkBytes);
      download.bytesSent += chunk.length;
      if (!res.write(chunk)) await Promise.race([once(res, 'drain'), once(res, 'close')]);
      await new Promise((r) => setImmediate(r));
    }
    if (!res.destroyed) res.end();
  }

  private route(r: RecordedRequest, res: ServerResponse): void {
    const body = (r.body ?? {}) as Record<string, unknown>;
    if (r.method === 'GET' && r.path === '/gateway/bot') {
      return this.send(res, 200, {
        url: `ws://127.0.0.1:${this.port}`,
        shards: 1,
        session_start_limit: { total: 1000, remaining: 1000, reset_after: 0, max_concurrency: 1 },
      });
    }
    let m = /^\/interactions\/(\d+)\/([^/]+)\/callback$/.exec(r.path);
    if (m && r.method === 'POST') {
      if (r.query.get('with_response') !== 'true') return this.send(res, 204, null);
      const data = (body['data'] ?? {}) as Record<string, unknown>;
      return this.send(res, 200, {
        interaction: { id: m[1], type: 2, activity_instance_id: null, response_message_id: null, response_message_loading: false, response_message_ephemeral: false },
        resource: { type: body['type'], message: this.message(CHANNEL_ID, { ...data, author: user({ id: BOT_ID, username: 'bot', bot: true }) }) },
      });
    }
    m = /^\/webhooks\/(\d+)\/([^/]+)(\/messages\/(@original|\d+))?$/.exec(r.path);
    if (m) return this.send(res, 200, this.message(CHANNEL_ID, { ...body, author: user({ id: BOT_ID, username: 'bot', bot: true }) }));
    m = /^\/channels\/(\d+)\/messages$/.exec(r.path);
    if (m && r.method === 'POST') return this.send(res, 200, this.message(m[1]!, { ...body, author: user({ id: BOT_ID, username: 'bot', bot: true }) }));
    if (/^\/applications\/\d+(\/guilds\/\d+)?\/commands$/.test(r.path) && r.method === 'PUT') {
      const list = Array.isArray(r.body) ? (r.body as Array<Record<string, unknown>>) : [];
      return this.send(res, 200, list.map((c) => ({ ...c, id: snowflake(), application_id: APP_ID, version: '1' })));
    }
    if (r.method === 'GET' && /^\/users\/@me$/.test(r.path)) return this.send(res, 200, user({ id: BOT_ID, username: 'bot', bot: true }));
    return this.send(res, 404, { message: 'Unknown route', code: 0 });
  }

  private send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    if (status === 204 || body === null) {
      res.writeHead(status, headers);
      res.end();
      return;
    }
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(text);
  }

  /** A message object as Discord would return it. */
  message(channelId: string, fields: Record<string, unknown>): Record<string, unknown> {
    return {
      id: snowflake(),
      channel_id: channelId,
      author: user(),
      content: '',
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: [],
      embeds: [],
      components: [],
      pinned: false,
      type: 0,
      flags: 0,
      ...fields,
      ...(fields['flags'] === undefined ? { flags: 0 } : {}),
    };
  }

  // ---------------------------------------------------------------- gateway

  private onConnection(ws: WebSocket): void {
    this.sockets.add(ws);
    ws.on('close', () => this.sockets.delete(ws));
    this.sendOp(ws, 10, { heartbeat_interval: this.heartbeatIntervalMs });
    ws.on('message', (raw) => {
      let payload: { op: number; d: unknown };
      try {
        payload = JSON.parse(String(raw)) as { op: number; d: unknown };
      } catch {
        return;
      }
      if (payload.op === 1) {
        this.heartbeats++;
        if (this.ackHeartbeats) this.sendOp(ws, 11, null);
      } else if (payload.op === 2) {
        this.identifies++;
        this.sessionId = `session-${this.identifies}`;
        this.seq = 0;
        this.dispatchTo(ws, 'READY', {
          v: 10,
          user: user({ id: BOT_ID, username: 'bot', bot: true }),
          guilds: [{ id: GUILD_ID, unavailable: true }],
          session_id: this.sessionId,
          resume_gateway_url: `ws://127.0.0.1:${this.port}`,
          application: { id: APP_ID, flags: 0 },
          private_channels: [],
        });
        this.dispatchTo(ws, 'GUILD_CREATE', this.guild());
      } else if (payload.op === 6) {
        this.resumes++;
        this.dispatchTo(ws, 'RESUMED', null);
      }
    });
  }

  private guild(): Record<string, unknown> {
    const role = (id: string, name: string, permissions: string, position: number): Record<string, unknown> => ({
      id, name, permissions, position, color: 0, hoist: false, managed: false, mentionable: false, flags: 0, icon: null, unicode_emoji: null,
    });
    return {
      id: GUILD_ID,
      name: 'Test server',
      icon: null,
      owner_id: OTHER_USER_ID,
      preferred_locale: this.guildLocale,
      roles: [role(GUILD_ID, '@everyone', PERMS_MEMBER, 0), role(MOD_ROLE_ID, 'Moderators', PERMS_MEMBER, 1)],
      channels: [{ id: CHANNEL_ID, type: 0, name: 'general', guild_id: GUILD_ID, position: 0, permission_overwrites: [], nsfw: false, parent_id: null }],
      threads: [],
      members: [{ ...member({ user: { id: BOT_ID, username: 'bot', bot: true } }) }],
      member_count: 3,
      unavailable: false,
      joined_at: new Date(0).toISOString(),
      large: false,
      features: [],
      emojis: [],
      stickers: [],
      presences: [],
      voice_states: [],
      stage_instances: [],
      guild_scheduled_events: [],
      system_channel_flags: 0,
      verification_level: 0,
      default_message_notifications: 0,
      explicit_content_filter: 0,
      mfa_level: 0,
      premium_tier: 0,
      nsfw_level: 0,
    };
  }

  private sendOp(ws: WebSocket, op: number, d: unknown): void {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ op, d, s: null, t: null }));
  }

  private dispatchTo(ws: WebSocket, t: string, d: unknown): void {
    this.seq++;
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ op: 0, d, s: this.seq, t }));
  }

  /** Sends a dispatch to every connected client. */
  dispatch(t: string, d: unknown): void {
    for (const ws of this.sockets) this.dispatchTo(ws, t, d);
  }

  /** Closes every gateway connection with a close code (4000 resumable, 4007 re-identify, 1000 …). */
  closeGateway(code: number): void {
    for (const ws of this.sockets) ws.close(code, 'fake close');
  }

  /** Resolves when the gateway has seen `count` IDENTIFY (or RESUME) in total. */
  async waitFor(what: 'identifies' | 'resumes', count: number, timeoutMs = 5_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (this[what] < count) {
      if (Date.now() > until) throw new Error(`gateway saw ${this[what]} ${what}, expected ${count}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  // ---------------------------------------------------------------- dispatch helpers

  private interactionBase(type: number, data: Record<string, unknown>, options: InteractionOptions): { id: string; token: string; payload: Record<string, unknown> } {
    const id = snowflake();
    const token = `tok-${id}`;
    const payload: Record<string, unknown> = {
      id,
      application_id: APP_ID,
      type,
      data,
      token,
      version: 1,
      locale: options.locale ?? 'en-US',
      app_permissions: '2248473465835073',
      entitlements: [],
      attachment_size_limit: 10_485_760,
    };
    if (options.dm) {
      Object.assign(payload, {
        user: user(options.user),
        channel_id: DM_CHANNEL_ID,
        channel: { id: DM_CHANNEL_ID, type: 1 },
        context: 1,
        authorizing_integration_owners: { '0': APP_ID },
      });
    } else {
      Object.assign(payload, {
        guild_id: GUILD_ID,
        guild_locale: this.guildLocale,
        channel_id: CHANNEL_ID,
        channel: { id: CHANNEL_ID, type: 0, guild_id: GUILD_ID, name: 'general' },
        member: member(options),
        context: 0,
        authorizing_integration_owners: { '0': GUILD_ID },
      });
    }
    return { id, token, payload };
  }

  /** A slash command. `options` are Discord's option objects ({ name, type, value }). */
  command(name: string, options: Array<Record<string, unknown>> = [], more: InteractionOptions = {}): { id: string; token: string } {
    const data: Record<string, unknown> = { id: snowflake(), name, type: 1, options };
    if (more.resolved) data['resolved'] = more.resolved;
    const { id, token, payload } = this.interactionBase(2, data, more);
    this.dispatch('INTERACTION_CREATE', payload);
    return { id, token };
  }

  /** An autocomplete request for the option `focused` of a command. */
  autocomplete(name: string, options: Array<Record<string, unknown>>, more: InteractionOptions = {}): { id: string; token: string } {
    const { id, token, payload } = this.interactionBase(4, { id: snowflake(), name, type: 1, options }, more);
    this.dispatch('INTERACTION_CREATE', payload);
    return { id, token };
  }

  /** A button click on a message (the message as the bot sent it: embeds, components, flags). */
  button(customId: string, message: Record<string, unknown>, more: InteractionOptions = {}): { id: string; token: string } {
    const { id, token, payload } = this.interactionBase(3, { custom_id: customId, component_type: 2 }, more);
    payload['message'] = this.message(more.dm ? DM_CHANNEL_ID : CHANNEL_ID, { author: user({ id: BOT_ID, username: 'bot', bot: true }), ...message });
    this.dispatch('INTERACTION_CREATE', payload);
    return { id, token };
  }

  /**
   * A MESSAGE_CREATE: in the guild channel (mentioning whom `mentions` says, optionally replying to a
   * message of the bot) or in a DM (channel_type 1, no guild, as Discord sends it).
   */
  userMessage(content: string, options: { dm?: boolean; author?: UserOptions; mentions?: string[]; replyTo?: Record<string, unknown> } = {}): string {
    const id = snowflake();
    const author = user(options.author);
    const msg: Record<string, unknown> = this.message(options.dm ? DM_CHANNEL_ID : CHANNEL_ID, {
      id,
      author,
      content,
      mentions: (options.mentions ?? []).map((m) => user({ id: m, username: m === BOT_ID ? 'bot' : 'someone', bot: m === BOT_ID })),
    });
    if (options.dm) {
      msg['channel_type'] = 1;
    } else {
      msg['guild_id'] = GUILD_ID;
      msg['member'] = { roles: [], joined_at: new Date(0).toISOString(), deaf: false, mute: false, flags: 0 };
      msg['channel_type'] = 0;
    }
    if (options.replyTo) {
      msg['type'] = 19;
      msg['message_reference'] = { message_id: options.replyTo['id'], channel_id: CHANNEL_ID, guild_id: GUILD_ID };
      msg['referenced_message'] = options.replyTo;
    }
    this.dispatch('MESSAGE_CREATE', msg);
    return id;
  }
}

function parseBody(raw: Buffer, contentType: string | undefined): unknown {
  if (raw.length === 0) return null;
  const text = raw.toString('utf8');
  if (contentType?.startsWith('multipart/form-data')) {
    const m = /name="payload_json"[^\r\n]*\r\n(?:[^\r\n]+\r\n)*\r\n([\s\S]*?)\r\n--/.exec(text);
    return m ? (JSON.parse(m[1]!) as unknown) : null;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
