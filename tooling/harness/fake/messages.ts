import type { APIAttachment, APIEmbed, APIUser } from 'discord.js';
import { addAttachment } from './attachments.ts';
import type { FakeGuild } from './guild.ts';
import { USER_ID, makeUser, nextSnowflake } from './ids.ts';
import type { UserOptions } from './interactions.ts';
import { asArray, isObject, isoNow, str, type JsonObject } from './json.ts';
import { guildChannel, memberOf, memberPayload } from './payloads.ts';
import type { FakeMessage, InteractionState, RecordedFile } from './records.ts';
import type { FakeDiscordServer } from './server.ts';

/** The message as Discord sends it: fake-only fields dropped, the referenced message one level deep. */
export function toWire(message: FakeMessage): JsonObject {
  const { allowed_mentions: _allowed, referenced_message: referenced, ...rest } = message;
  const wire: JsonObject = { ...rest };
  if (referenced !== undefined) {
    if (referenced === null) wire.referenced_message = null;
    else {
      const { allowed_mentions: _a, referenced_message: _r, ...inner } = referenced;
      wire.referenced_message = inner;
    }
  }
  return wire;
}

export function legacyUser(options: UserOptions = {}): APIUser {
  return {
    id: options.id ?? USER_ID,
    username: options.username ?? 'member',
    discriminator: '0',
    global_name: null,
    avatar: null,
    bot: options.bot ?? false,
  };
}

/** An empty message as Discord shapes it: the fields every message carries. */
export function blankMessage(channelId: string, author: APIUser, type: number, flags: number): FakeMessage {
  return {
    id: nextSnowflake(),
    channel_id: channelId,
    author,
    content: '',
    timestamp: isoNow(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: [],
    embeds: [],
    components: [],
    pinned: false,
    type,
    flags,
  };
}

/** Where and from whom {@link FakeDiscord.userMessage} sends a message. */
export interface UserMessageOptions {
  /** In the author's DM with the bot instead of a guild channel. */
  dm?: boolean;
  /** The guild (default {@link GUILD_ID}): the message goes to its first text channel (#general). Ignored with `dm`. */
  guildId?: string;
  author?: UserOptions;
  /** User ids listed in `mentions` (the content is not changed). */
  mentions?: string[];
  /** A message of the bot this one replies to (type 19 with message_reference). */
  replyTo?: Record<string, unknown>;
}

/**
 * A MESSAGE_CREATE: in a guild's channel (mentioning whom `mentions` says, optionally replying to a
 * message of the bot) or in a DM (channel_type 1, no guild, as Discord sends it). Returns its id.
 */
export function sendUserMessage(fake: FakeDiscordServer, content: string, options: UserMessageOptions = {}): string {
  const author = legacyUser(options.author);
  const guild = options.dm ? null : fake.guild(options.guildId);
  const channelId = guild ? guildChannel(guild, undefined).id : fake.dmChannelFor(author.id);
  const msg = fake.message(channelId, {
    author,
    content,
    mentions: (options.mentions ?? []).map((m) =>
      legacyUser({
        id: m,
        username: m === fake.botUser.id ? fake.botUser.username : 'someone',
        bot: m === fake.botUser.id,
      }),
    ),
  }) as unknown as FakeMessage;
  if (guild) {
    msg.guild_id = guild.id;
    msg.member = memberOf(guild, author);
    msg.channel_type = 0;
  } else {
    msg.channel_type = 1;
  }
  if (options.replyTo) {
    const replyTo = options.replyTo as unknown as FakeMessage;
    msg.type = 19;
    msg.message_reference = {
      type: 0,
      message_id: replyTo.id,
      channel_id: replyTo.channel_id ?? channelId,
      ...(guild ? { guild_id: guild.id } : {}),
    };
    msg.referenced_message = replyTo;
  }
  fake.state.users.set(author.id, author);
  storeMessage(fake, msg);
  fake.gateway.dispatch('MESSAGE_CREATE', toWire(msg));
  return msg.id;
}

export function newMessage(args: {
  channelId: string;
  guild: FakeGuild | null;
  author: APIUser;
  type: number;
  flags: number;
}): FakeMessage {
  const message: FakeMessage = {
    ...blankMessage(args.channelId, args.author, args.type, args.flags),
    channel_type: args.guild ? 0 : 1,
  };
  if (args.guild) {
    message.guild_id = args.guild.id;
    const member = args.guild.members.find((m) => m.user.id === args.author.id);
    if (member) message.member = memberPayload(member);
  }
  return message;
}

/** The bot's reply to an interaction, in the interaction's channel (type 20, a command reply, for a command). */
export function interactionReply(
  fake: FakeDiscordServer,
  state: Pick<InteractionState, 'channelId' | 'kind'>,
  guild: FakeGuild | null,
): FakeMessage {
  return newMessage({
    channelId: state.channelId,
    guild,
    author: fake.botUser,
    type: state.kind === 'command' ? 20 : 0,
    flags: 0,
  });
}

export function storeMessage(fake: FakeDiscordServer, message: FakeMessage): void {
  fake.state.messages.set(message.id, message);
  fake.notify();
}

/** Applies a create/edit body (content, embeds, components, flags, attachments, allowed_mentions). */
export function applyBody(
  fake: FakeDiscordServer,
  message: FakeMessage,
  body: JsonObject,
  files: readonly RecordedFile[],
  editing: boolean,
): void {
  if ('content' in body) message.content = typeof body.content === 'string' ? body.content : '';
  if (Array.isArray(body.embeds)) message.embeds = body.embeds as APIEmbed[];
  if (Array.isArray(body.components)) message.components = body.components.filter(isObject);
  if (typeof body.flags === 'number') message.flags = editing ? (message.flags & (64 | 128)) | body.flags : body.flags;
  if ('allowed_mentions' in body) message.allowed_mentions = body.allowed_mentions;
  if ('tts' in body) message.tts = body.tts === true;
  const declared = Array.isArray(body.attachments) ? body.attachments.filter(isObject) : null;
  if (declared || files.length > 0) {
    const kept: APIAttachment[] = [];
    const used = new Set<RecordedFile>();
    for (const a of declared ?? []) {
      const id = String(a.id);
      const existing = message.attachments.find((x) => x.id === id);
      if (existing) {
        kept.push(existing);
        continue;
      }
      const file = files.find((f) => f.field === `files[${id}]`) ?? files.find((f) => f.name === a.filename);
      if (file) {
        used.add(file);
        kept.push(
          addAttachment(fake, {
            filename: str(a.filename) ?? file.name,
            content: file.data,
            contentType: file.contentType,
            channelId: message.channel_id,
            ...(typeof a.description === 'string' ? { description: a.description } : {}),
          }),
        );
      }
    }
    for (const file of files)
      if (!used.has(file))
        kept.push(
          addAttachment(fake, {
            filename: file.name,
            content: file.data,
            contentType: file.contentType,
            channelId: message.channel_id,
          }),
        );
    message.attachments = declared || !editing ? kept : [...message.attachments, ...kept];
  }
  applyMentions(fake, message);
}

/** `mentions` from `<@id>` in content, as allowed_mentions permits, plus the replied-to author. */
export function applyMentions(fake: FakeDiscordServer, message: FakeMessage): void {
  const allowed = isObject(message.allowed_mentions) ? message.allowed_mentions : null;
  const parse = allowed ? asArray(allowed.parse) : ['users', 'roles', 'everyone'];
  const users = allowed ? asArray(allowed.users).map(String) : [];
  const ids = [...message.content.matchAll(/<@!?(\d{17,20})>/g)].map((m) => m[1] ?? '');
  const mentioned = ids.filter((id, i) => ids.indexOf(id) === i && (parse.includes('users') || users.includes(id)));
  const out = mentioned.map((id) => fake.state.users.get(id) ?? makeUser(id, `user-${id}`));
  const replied = message.referenced_message?.author;
  const repliedUser = allowed ? allowed.replied_user === true : true;
  if (replied && repliedUser && !out.some((u) => u.id === replied.id)) out.push(replied);
  message.mentions = out;
  message.mention_everyone = parse.includes('everyone') && /@(everyone|here)/.test(message.content);
}

export function echoMessage(
  fake: FakeDiscordServer,
  t: 'MESSAGE_CREATE' | 'MESSAGE_UPDATE',
  message: FakeMessage,
): void {
  if (!fake.settings.echoBotMessages || (message.flags & 64) !== 0 || !fake.gateway.hasSession || fake.state.closed)
    return;
  fake.gateway.dispatch(t, toWire(message));
}

export function echoDelete(fake: FakeDiscordServer, message: FakeMessage): void {
  if (!fake.settings.echoBotMessages || (message.flags & 64) !== 0 || !fake.gateway.hasSession || fake.state.closed)
    return;
  fake.gateway.dispatch('MESSAGE_DELETE', {
    id: message.id,
    channel_id: message.channel_id,
    ...(message.guild_id ? { guild_id: message.guild_id } : {}),
  });
}
