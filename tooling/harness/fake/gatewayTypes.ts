import { randomBytes } from 'node:crypto';
import { WebSocket, type RawData } from 'ws';
import { shardOf } from './guild.ts';
import { asArray, isObject, str, type JsonObject } from './json.ts';

export const MAX_HISTORY = 1_000;

// Message and interaction limits Discord enforces (https://discord.com/developers/docs/resources/message).

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

export interface Session {
  id: string;
  shardId: number;
  shardCount: number;
  intents: number;
  seq: number;
  history: JsonObject[];
  connection: Connection | null;
  ended: boolean;
}

export interface Connection {
  info: GatewayConnectionInfo;
  socket: WebSocket;
  session: Session | null;
}

export const INTENT = {
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

export function isSendableCloseCode(code: number): boolean {
  return (
    code === 1000 ||
    (code >= 1001 && code <= 1014 && code !== 1004 && code !== 1005 && code !== 1006) ||
    (code >= 3000 && code <= 4999)
  );
}

/** What the fake records of a new connection to `url` (the path and query the client asked for). */
export function connectionInfo(id: number, url: string | undefined): GatewayConnectionInfo {
  const parsed = new URL(url ?? '/', 'ws://127.0.0.1');
  return {
    id,
    path: parsed.pathname,
    query: Object.fromEntries(parsed.searchParams),
    openedAt: Date.now(),
    closedAt: null,
    closeCode: null,
    closedByServer: false,
  };
}

/** A client frame as JSON with a numeric `op`, or null when it is binary, not JSON or has no op (close 4002). */
export function decodeFrame(data: RawData, isBinary: boolean): (JsonObject & { op: number }) | null {
  if (isBinary) return null;
  let payload: unknown;
  try {
    const text = Array.isArray(data)
      ? Buffer.concat(data).toString('utf8')
      : Buffer.from(data as ArrayBuffer).toString('utf8');
    payload = JSON.parse(text);
  } catch {
    return null;
  }
  return isObject(payload) && typeof payload.op === 'number' ? (payload as JsonObject & { op: number }) : null;
}

/** The session an IDENTIFY opens on `conn`, or null when the shard it asks for is invalid (close 4010). */
export function newSession(d: JsonObject, conn: Connection): Session | null {
  const shard = asArray(d.shard);
  const shardId = typeof shard[0] === 'number' ? shard[0] : 0;
  const shardCount = typeof shard[1] === 'number' ? shard[1] : 1;
  if (shardCount < 1 || shardId >= shardCount) return null;
  return {
    id: randomBytes(16).toString('hex'),
    shardId,
    shardCount,
    intents: typeof d.intents === 'number' ? d.intents : 0,
    seq: 0,
    history: [],
    connection: conn,
    ended: false,
  };
}

/** Whether an event goes to this session: a guild's events to the shard that guild is on, others to shard 0. */
export function reaches(session: Session, t: string, d: unknown): boolean {
  const guildId = isObject(d)
    ? t.startsWith('GUILD_') && !('guild_id' in d)
      ? str(d.id)
      : str(d.guild_id)
    : undefined;
  return (guildId === undefined ? 0 : shardOf(guildId, session.shardCount)) === session.shardId;
}
