import type { APIAttachment, APIEmbed, APIUser } from 'discord.js';
import { isObject, type JsonObject } from './json.ts';

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
    if (node.type === 2) out.push(node as unknown as FakeButton);
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

export type InteractionKind = 'command' | 'autocomplete' | 'component' | 'modal';
