import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import {
  INTENT,
  MAX_HISTORY,
  connectionInfo,
  decodeFrame,
  isSendableCloseCode,
  newSession,
  reaches,
  type Connection,
  type GatewayConnectionInfo,
  type GatewayFrame,
  type Session,
} from './gatewayTypes.ts';
import { shardOf } from './guild.ts';
import { isObject, type JsonObject } from './json.ts';
import { guildCreatePayload, readyPayload, shapeForSession } from './payloads.ts';
import type { FakeDiscordServer } from './server.ts';

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

  readonly #host: FakeDiscordServer;
  readonly #wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
  readonly #live = new Set<Connection>();
  readonly #sessions: Session[] = [];
  #connectionIds = 0;

  /** @internal Built by {@link FakeDiscord}. */
  constructor(host: FakeDiscordServer, heartbeatIntervalMs: number) {
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

  /**
   * Closes the open gateway sockets (of one shard, or all) with `code`; see the module comment for what the
   * client does with each code. The session stays resumable. Returns how many sockets were closed.
   */
  close(code = 4000, reason = 'closed by the fake', options: { shardId?: number } = {}): number {
    if (!isSendableCloseCode(code))
      throw new RangeError(
        `close code ${code} cannot be sent on a WebSocket; use drop() for an abnormal closure (1006)`,
      );
    return this.#closeAll(options.shardId, (socket) => socket.close(code, reason));
  }

  /** Destroys the open gateway sockets without a close frame (the client sees 1006 and resumes). */
  drop(options: { shardId?: number } = {}): number {
    return this.#closeAll(options.shardId, (socket) => socket.terminate());
  }

  #closeAll(shardId: number | undefined, close: (socket: WebSocket) => void): number {
    const targets = this.#targets(shardId);
    for (const conn of targets) {
      conn.info.closedByServer = true;
      close(conn.socket);
    }
    return targets.length;
  }

  /** Sends op 7 Reconnect: the client closes and resumes. */
  requestReconnect(): void {
    for (const conn of this.#targets(undefined)) this.#send(conn, { op: 7, d: null, s: null, t: null });
  }

  /**
   * Sends op 9 Invalid Session: `resumable` → RESUME on the same socket; else the session ends and the client
   * identifies anew. Not in the same tick as a RESUMED (discord.js would then throw on the cleared session).
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
    let n = 0;
    for (const session of sessions) {
      if (!reaches(session, t, d)) continue;
      const shaped = shapeForSession(this.#host, t, d, session.intents);
      if (shaped === null) continue;
      this.#dispatchTo(session, t, shaped);
      n += 1;
    }
    return n;
  }

  /** @internal */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    if (this.refuseConnections || this.#host.isClosed) socket.destroy();
    else this.#wss.handleUpgrade(req, socket, head, (ws) => this.#accept(ws, req));
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
    const info = connectionInfo(++this.#connectionIds, req.url);
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
    const payload = decodeFrame(data, isBinary);
    if (payload === null) {
      this.#closeWith(conn, 4002, 'Error while decoding payload.');
      return;
    }
    const op = payload.op;
    const d = payload.d;
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
    if (!this.#host.tokenOk(d.token)) {
      this.#closeWith(conn, 4004, 'Authentication failed.');
      return;
    }
    const session = newSession(d, conn);
    if (!session) {
      this.#closeWith(conn, 4010, 'Invalid shard.');
      return;
    }
    const { shardId, shardCount } = session;
    for (const old of this.#sessions) if (old.shardId === shardId && old.shardCount === shardCount) old.ended = true;
    this.#sessions.push(session);
    if (this.#sessions.length > 100) this.#sessions.splice(0, this.#sessions.findIndex((s) => !s.ended) > 0 ? 1 : 0);
    conn.session = session;
    const guilds = this.#host.guildList().filter((g) => shardOf(g.id, shardCount) === shardId);
    this.#dispatchTo(
      session,
      'READY',
      readyPayload(
        this.#host,
        session.id,
        [shardId, shardCount],
        guilds.map((g) => g.id),
      ),
    );
    if ((session.intents & INTENT.guilds) !== 0) {
      for (const guild of guilds) this.#dispatchTo(session, 'GUILD_CREATE', guildCreatePayload(guild));
    }
  }

  #resume(conn: Connection, d: JsonObject): void {
    this.resumes.push(d);
    if (!this.#host.tokenOk(d.token)) {
      this.#closeWith(conn, 4004, 'Authentication failed.');
      return;
    }
    const session = this.#sessions.find((s) => s.id === d.session_id && !s.ended);
    const seq = typeof d.seq === 'number' ? d.seq : 0;
    if (!session || seq > session.seq) {
      this.#send(conn, { op: 9, d: false, s: null, t: null });
      return;
    }
    if (session.connection && session.connection !== conn) session.connection.session = null;
    session.connection = conn;
    conn.session = session;
    for (const frame of session.history) if (typeof frame.s === 'number' && frame.s > seq) this.#send(conn, frame);
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
    if (session?.connection === conn) {
      session.connection = null;
      // A client that closes with 1000/1001 is done with the session (destroyed, or about to identify again).
      if (!conn.info.closedByServer && (code === 1000 || code === 1001)) session.ended = true;
    }
    this.#host.log(`gateway #${conn.info.id} closed ${code}${conn.info.closedByServer ? ' by the fake' : ''}`);
    this.#host.notify();
  }
}
