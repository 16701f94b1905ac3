import { WebSocket } from 'ws';
import type { JsonObject } from './json.ts';

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
