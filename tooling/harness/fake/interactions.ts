import { registeredCommands } from './commands.ts';
import { GUILD_ID, PERMS_MEMBER, nextSnowflake } from './ids.ts';
import { str, type JsonObject } from './json.ts';
import { legacyUser, toWire } from './messages.ts';
import { channelPayload, dmChannelPayload, guildChannel, memberOf } from './payloads.ts';
import type { FakeMessage, InteractionKind, InteractionState, RecordedRequest } from './records.ts';
import type { FakeDiscordServer } from './server.ts';
import { DEFAULT_TIMEOUT_MS, waitUntil } from './wait.ts';

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
  /**
   * The guild it comes from (default {@link GUILD_ID}); it happens in that guild's first text channel (#general),
   * with that guild's locale and its member record for the user. Ignored with `dm`.
   */
  guildId?: string;
  user?: UserOptions;
  /** Role ids of the member (guild only; default: the guild's record of the user, else none). */
  roles?: string[];
  /** The member's permission bits (default {@link PERMS_MEMBER}: an ordinary member). */
  permissions?: string;
  /** `data.resolved` (users, attachments), as Discord sends it. */
  resolved?: Record<string, unknown>;
}

export function dispatchInteraction(
  fake: FakeDiscordServer,
  kind: InteractionKind,
  data: JsonObject,
  more: InteractionOptions,
  message: FakeMessage | null,
): SentInteraction {
  const user = legacyUser(more.user);
  fake.state.users.set(user.id, user);
  const id = nextSnowflake();
  const payload: JsonObject = {
    id,
    application_id: fake.applicationId,
    type: kind === 'command' ? 2 : kind === 'autocomplete' ? 4 : kind === 'modal' ? 5 : 3,
    data,
    token: `tok-${id}`,
    version: 1,
    locale: more.locale ?? 'en-US',
    app_permissions: '2248473465835073',
    entitlements: [],
    attachment_size_limit: 10_485_760,
  };
  if (more.dm) {
    const channelId = fake.dmChannelFor(user.id);
    Object.assign(payload, {
      user,
      channel_id: channelId,
      channel: dmChannelPayload(channelId, user),
      context: 1,
      authorizing_integration_owners: { '0': '0' },
    });
  } else {
    const guild = fake.guild(more.guildId);
    const channel = guildChannel(guild, undefined);
    const permissions = more.permissions ?? PERMS_MEMBER;
    Object.assign(payload, {
      guild_id: guild.id,
      guild: { id: guild.id, locale: guild.preferredLocale, features: [] },
      guild_locale: guild.preferredLocale,
      channel_id: channel.id,
      channel: { ...channelPayload(guild, channel), permissions },
      member: { ...memberOf(guild, user, more.roles), user, permissions },
      context: 0,
      authorizing_integration_owners: { '0': guild.id },
    });
  }
  if (message) payload.message = toWire(message);
  return registerInteraction(fake, payload, kind, message?.id ?? null);
}

export function registerInteraction(
  fake: FakeDiscordServer,
  payload: JsonObject,
  kind: InteractionKind,
  interactedMessageId: string | null,
): SentInteraction {
  const id = payload.id as string;
  const token = payload.token as string;
  const state: InteractionState = {
    id,
    token,
    kind,
    payload,
    channelId: payload.channel_id as string,
    guildId: str(payload.guild_id) ?? null,
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
  fake.state.interactions.set(id, state);
  fake.state.interactionsByToken.set(token, state);
  fake.gateway.dispatch('INTERACTION_CREATE', payload);
  return sentInteraction(fake, state);
}

/** The id of a command: as registered in the guild, else globally, else a stable one per name. */
export function commandId(fake: FakeDiscordServer, name: string, more: InteractionOptions): string {
  const guildId = more.dm ? undefined : (more.guildId ?? GUILD_ID);
  const registered =
    registeredCommands(fake, guildId).find((c) => c.name === name) ??
    registeredCommands(fake).find((c) => c.name === name);
  const id = str(registered?.id);
  if (id) return id;
  let stable = fake.state.commandIds.get(name);
  if (!stable) {
    stable = nextSnowflake();
    fake.state.commandIds.set(name, stable);
  }
  return stable;
}

export function sentInteraction(fake: FakeDiscordServer, state: InteractionState): SentInteraction {
  const original = (): FakeMessage | undefined =>
    state.originalMessageId ? fake.state.messages.get(state.originalMessageId) : undefined;
  return {
    id: state.id,
    token: state.token,
    kind: state.kind,
    payload: state.payload,
    callbackPath: `/interactions/${state.id}/${state.token}/callback`,
    state: () => state,
    waitForCallback: (timeoutMs = DEFAULT_TIMEOUT_MS) =>
      waitUntil(
        fake,
        () => state.callbacks.find((r) => r.status !== null && r.status >= 200 && r.status < 300),
        timeoutMs,
        `a successful callback for interaction ${state.id}`,
      ),
    waitForResponse: (timeoutMs = DEFAULT_TIMEOUT_MS) =>
      waitUntil(
        fake,
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
      waitUntil(
        fake,
        () => {
          const id = state.followUpIds[n - 1];
          return id === undefined ? undefined : fake.state.messages.get(id);
        },
        timeoutMs,
        `follow-up #${n} of interaction ${state.id}`,
      ),
    waitForChoices: (timeoutMs = DEFAULT_TIMEOUT_MS) =>
      waitUntil(fake, () => state.choices ?? undefined, timeoutMs, `autocomplete choices for interaction ${state.id}`),
  };
}
