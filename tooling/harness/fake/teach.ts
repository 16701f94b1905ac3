import type { APIUser } from 'discord.js';
import { CHANNEL_ID, GUILD_ID, nextSnowflake } from './ids.ts';
import type { JsonObject } from './json.ts';
import { blankMessage, legacyUser, storeMessage, toWire } from './messages.ts';
import {
  commandId,
  dispatchInteraction,
  type InteractionOptions,
  type SentInteraction,
  type UserOptions,
} from './interactions.ts';
import type { FakeMessage } from './records.ts';
import type { FakeDiscordServer } from './server.ts';

// What moderators teaching the bot needs of the fake: message context-menu commands (with the target in
// `data.resolved.messages`), modal submits, and THREAD_CREATE for a new thread or forum post.

/** A message a context-menu command targets: stored in the guild channel, by `author` (default the member). */
export interface TargetMessage {
  content: string;
  author?: UserOptions;
  channelId?: string;
}

/** A message command (type 3) on a message, as Discord sends it: the message in `data.resolved.messages`. */
export function sendMessageCommand(
  fake: FakeDiscordServer,
  name: string,
  target: TargetMessage,
  more: InteractionOptions = {},
): SentInteraction & { targetId: string } {
  const author = legacyUser(target.author);
  fake.state.users.set(author.id, author);
  const message: FakeMessage = {
    ...blankMessage(target.channelId ?? CHANNEL_ID, author, 0, 0),
    content: target.content,
  };
  if (!more.dm) (message as unknown as JsonObject).guild_id = more.guildId ?? GUILD_ID;
  storeMessage(fake, message);
  const data: JsonObject = {
    id: commandId(fake, name, more),
    name,
    type: 3,
    target_id: message.id,
    resolved: { messages: { [message.id]: toWire(message) } },
  };
  return { ...dispatchInteraction(fake, 'command', data, more, null), targetId: message.id };
}

/** A modal submit (type 5): `fields` by their custom ids, each in an action row as a text input. */
export function sendModalSubmit(
  fake: FakeDiscordServer,
  customId: string,
  fields: Record<string, string>,
  more: InteractionOptions = {},
): SentInteraction {
  const components = Object.entries(fields).map(([id, value]) => ({
    type: 1,
    components: [{ type: 4, custom_id: id, value }],
  }));
  return dispatchInteraction(fake, 'modal', { custom_id: customId, components }, more, null);
}

/** A new thread: a forum post or a thread of a text channel. */
export interface NewThread {
  name: string;
  /** The channel it is in (a forum, type 15, or a text channel). */
  parentId: string;
  owner?: UserOptions;
  /** The post's first message (forum posts have one; its content is blanked without Message Content). */
  firstMessage?: string;
  guildId?: string;
}

/**
 * THREAD_CREATE with `newly_created`, as Discord sends it when someone opens a thread; the thread becomes a
 * channel of the guild that messages can be posted in. Returns the thread's id.
 */
export function sendThreadCreate(fake: FakeDiscordServer, thread: NewThread): string {
  const guild = fake.guild(thread.guildId ?? GUILD_ID);
  const owner: APIUser = legacyUser(thread.owner);
  fake.state.users.set(owner.id, owner);
  const id = nextSnowflake();
  const parent = guild.channels.find((c) => c.id === thread.parentId);
  const forum = parent?.type === 15;
  guild.channels.push({ id, name: thread.name, type: 11, parentId: thread.parentId });
  if (thread.firstMessage !== undefined) {
    // A forum post's starter message has the thread's id.
    const message: FakeMessage = { ...blankMessage(id, owner, 0, 0), id, content: thread.firstMessage };
    storeMessage(fake, message);
  }
  fake.gateway.dispatch('THREAD_CREATE', {
    id,
    guild_id: guild.id,
    parent_id: thread.parentId,
    owner_id: owner.id,
    name: thread.name,
    type: 11,
    last_message_id: forum ? id : null,
    message_count: forum ? 1 : 0,
    member_count: 1,
    rate_limit_per_user: 0,
    flags: 0,
    total_message_sent: forum ? 1 : 0,
    thread_metadata: {
      archived: false,
      auto_archive_duration: 1440,
      archive_timestamp: new Date().toISOString(),
      locked: false,
      create_timestamp: new Date().toISOString(),
    },
    newly_created: true,
    member: { id, user_id: owner.id, join_timestamp: new Date().toISOString(), flags: 0 },
  });
  return id;
}
