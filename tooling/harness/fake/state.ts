import { EventEmitter } from 'node:events';
import type { Server } from 'node:http';
import type { APIUser } from 'discord.js';
import type { StoredAttachment } from './attachments.ts';
import type { ActiveFault } from './faults.ts';
import type { FakeGuild } from './guild.ts';
import { DM_CHANNEL_ID, USER_ID } from './ids.ts';
import type { JsonObject } from './json.ts';
import type { FakeMessage, InteractionState, RecordedRequest } from './records.ts';
import type { Route } from './routes.ts';
import type { Pending } from './wait.ts';

/**
 * What one fake Discord knows: guilds, users, messages, interactions, commands, recorded requests, pending
 * faults and waits. The modules of the fake read and change it; tests read it through {@link FakeDiscord}.
 */
export class FakeState {
  server: Server | null = null;
  readonly guilds = new Map<string, FakeGuild>();
  readonly requests: RecordedRequest[] = [];
  requestSeq = 0;
  readonly requestListeners = new Set<(r: RecordedRequest) => void>();
  readonly faults: ActiveFault[] = [];
  readonly routes: Route[] = [];
  readonly messages = new Map<string, FakeMessage>();
  readonly deletedMessages = new Set<string>();
  readonly interactions = new Map<string, InteractionState>();
  readonly interactionsByToken = new Map<string, InteractionState>();
  /** Served files, by `channel/id/name` or the name given to `serveAttachment`. */
  readonly attachments = new Map<string, StoredAttachment>();
  readonly dmChannels = new Map<string, string>([[USER_ID, DM_CHANNEL_ID]]);
  readonly users = new Map<string, APIUser>();
  /** Registered commands, by 'global' or guild id. */
  readonly commands = new Map<string, JsonObject[]>();
  readonly commandIds = new Map<string, string>();
  /** Emits 'change' whenever a request, a message or a gateway frame arrives (waiters re-check then). */
  readonly events = new EventEmitter();
  readonly pending = new Set<Pending>();
  readonly timers = new Set<{ timer: NodeJS.Timeout; resolve: () => void }>();
  closed = false;
  readonly log: (line: string) => void;

  constructor(log: (line: string) => void) {
    this.log = log;
    this.events.setMaxListeners(0);
  }
}
