import { PermissionFlagsBits, type APIRole, type APIUser } from 'discord.js';
import {
  BOT_ID,
  BOT_ROLE_ID,
  BOT_USER,
  CHANNEL_ID,
  GUILD_ID,
  MANAGER_ROLE_ID,
  MANAGER_USER,
  MEMBER_USER,
  MODERATOR_USER,
  MOD_ROLE_ID,
  OTHER_CHANNEL_ID,
  OTHER_USER,
  OWNER_USER,
  OWNER_USER_ID,
  nextSnowflake,
} from './ids.ts';
import type { JsonObject } from './json.ts';

export const P = PermissionFlagsBits;

/** Every permission bit discord.js knows (what the owner and Administrator get). */
export const ALL_PERMISSIONS: bigint = Object.values(PermissionFlagsBits).reduce((all, bit) => all | bit, 0n);

/** What @everyone may do in the default guild: read, write, embed, attach, react, use commands. */
export const EVERYONE_PERMISSIONS: bigint =
  P.ViewChannel |
  P.SendMessages |
  P.SendMessagesInThreads |
  P.CreatePublicThreads |
  P.EmbedLinks |
  P.AttachFiles |
  P.ReadMessageHistory |
  P.AddReactions |
  P.UseExternalEmojis |
  P.UseApplicationCommands |
  P.ChangeNickname |
  P.CreateInstantInvite;

/** The bot role's permissions on top of @everyone. */
export const BOT_PERMISSIONS: bigint = EVERYONE_PERMISSIONS | P.ManageMessages;

/** Builds an {@link APIRole}. */
export function makeRole(
  id: string,
  name: string,
  permissions: bigint | string,
  extra: Partial<APIRole> = {},
): APIRole {
  return {
    id,
    name,
    color: 0,
    colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
    hoist: false,
    icon: null,
    unicode_emoji: null,
    position: 0,
    permissions: permissions.toString(),
    managed: false,
    mentionable: false,
    flags: 0 as APIRole['flags'],
    ...extra,
  };
}

/** A member of a {@link FakeGuild}. */
export interface FakeGuildMember {
  user: APIUser;
  /** Role ids (without @everyone). discord.js keeps only roles the guild declared. */
  roles: string[];
  nick?: string | null;
  joinedAt?: string;
}

/** A channel of a {@link FakeGuild}. `type` 0 = text (default), 2 = voice, 4 = category, 5 = announcement. */
export interface FakeChannel {
  id: string;
  name: string;
  type?: number;
  topic?: string | null;
  parentId?: string | null;
  permissionOverwrites?: JsonObject[];
  rateLimitPerUser?: number;
}

/** A guild as the fake sends it in GUILD_CREATE. Mutate it before the client connects, or between tests. */
export interface FakeGuild {
  id: string;
  name: string;
  ownerId: string;
  preferredLocale: string;
  /** Must include @everyone (id = guild id). */
  roles: APIRole[];
  channels: FakeChannel[];
  members: FakeGuildMember[];
  /** Extra GUILD_CREATE fields, merged last. */
  extra?: JsonObject;
}

/** The default guild's roles: @everyone, Moderator, Manager (Manage Server), and the bot's role. */
export function defaultRoles(guildId: string = GUILD_ID): APIRole[] {
  return [
    makeRole(guildId, '@everyone', EVERYONE_PERMISSIONS),
    makeRole(MOD_ROLE_ID, 'Moderators', 0n, { position: 1 }),
    makeRole(MANAGER_ROLE_ID, 'Managers', P.ManageGuild, { position: 2 }),
    makeRole(BOT_ROLE_ID, 'bot', BOT_PERMISSIONS, { position: 3, managed: true, tags: { bot_id: BOT_ID } }),
  ];
}

/**
 * The default guild "Test server": #general and #help; the bot, {@link MEMBER_USER}, {@link OTHER_USER},
 * {@link MODERATOR_USER} (Moderators role), {@link MANAGER_USER} (Managers role: Manage Server), {@link OWNER_USER}.
 * With another `id` (e.g. {@link OTHER_GUILD_ID}) the same members and roles, but channels of its own: channel
 * ids are unique across guilds, and discord.js caches channels client-wide.
 */
export function defaultGuild(overrides: Partial<FakeGuild> = {}): FakeGuild {
  const id = overrides.id ?? GUILD_ID;
  const [general, help] = id === GUILD_ID ? [CHANNEL_ID, OTHER_CHANNEL_ID] : [nextSnowflake(), nextSnowflake()];
  return {
    id,
    name: 'Test server',
    ownerId: OWNER_USER_ID,
    preferredLocale: 'en-US',
    roles: defaultRoles(id),
    channels: [
      { id: general, name: 'general', type: 0, topic: null },
      { id: help, name: 'help', type: 0, topic: null },
    ],
    members: [
      { user: BOT_USER, roles: [BOT_ROLE_ID] },
      { user: MEMBER_USER, roles: [] },
      { user: OTHER_USER, roles: [] },
      { user: MODERATOR_USER, roles: [MOD_ROLE_ID] },
      { user: MANAGER_USER, roles: [MANAGER_ROLE_ID] },
      { user: OWNER_USER, roles: [] },
    ],
    ...overrides,
  };
}

/** A user's permissions in a guild (roles only; no channel overwrites): owner and Administrator get all. */
export function computePermissions(guild: FakeGuild, userId: string, roleIds: readonly string[]): bigint {
  if (userId === guild.ownerId) return ALL_PERMISSIONS;
  let permissions = 0n;
  for (const role of guild.roles) {
    if (role.id === guild.id || roleIds.includes(role.id)) permissions |= BigInt(role.permissions);
  }
  return (permissions & P.Administrator) !== 0n ? ALL_PERMISSIONS : permissions;
}

/** Which shard a guild belongs to: `(guild_id >> 22) % shard_count`. */
export function shardOf(guildId: string, shardCount: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}

// ---------------------------------------------------------------------------------------------------
// Messages, interactions, requests: what tests read
