import type { APIUser } from 'discord.js';

export const DISCORD_EPOCH = 1_420_070_400_000n;
let snowflakeCounter = 0n;

/** A fresh, time-ordered snowflake (what Discord's ids look like; discord.js reads timestamps from them). */
export function nextSnowflake(at: number = Date.now()): string {
  snowflakeCounter = (snowflakeCounter + 1n) & 0xfffn;
  return (((BigInt(at) - DISCORD_EPOCH) << 22n) | (1n << 17n) | snowflakeCounter).toString();
}

/**
 * A token for tests. The fake accepts any token unless {@link FakeDiscordOptions.token} names one; then a
 * wrong one gets 401 on REST and close 4004 on the gateway.
 */
export const FAKE_TOKEN = 'MTAwMDAwMDAwMDAwMDAwMDAx.Gfake0.fake-bot-token-for-offline-tests-only';

/** The application id; also the bot's user id, as for any modern Discord application. */
export const BOT_ID = '100000000000000001';

/** The default guild; its @everyone role has the same id. */
export const GUILD_ID = '200000000000000002';

/**
 * A second guild, for tests of several servers: on the other shard of two from {@link GUILD_ID} (the shard is
 * `(id >> 22) % count`). Build it with `defaultGuild({ id: OTHER_GUILD_ID, name: … })`.
 */
export const OTHER_GUILD_ID = String(BigInt(GUILD_ID) + (1n << 22n));

/** The @everyone role of the default guild (= {@link GUILD_ID}). */
export const EVERYONE_ROLE_ID = GUILD_ID;

/** The default guild's first text channel (#general), where guild interactions and messages happen. */
export const CHANNEL_ID = '300000000000000003';

/** A second text channel (#help) in the default guild. */
export const OTHER_CHANNEL_ID = '300000000000000004';

/** The DM channel between the bot and {@link MEMBER_USER} ({@link USER_ID}). */
export const DM_CHANNEL_ID = '300000000000000099';

/** A role with no permissions of its own, declared in GUILD_CREATE: for a bot configured with moderator role ids. */
export const MOD_ROLE_ID = '400000000000000004';

/** A role granting Manage Server (and nothing else beyond @everyone). */
export const MANAGER_ROLE_ID = '400000000000000005';

/** The bot's managed role. */
export const BOT_ROLE_ID = '400000000000000006';

/** An ordinary member: no roles beyond @everyone. The default author of interactions and messages. */
export const USER_ID = '500000000000000005';

/** Another ordinary member, to mention or pass as a user option. */
export const OTHER_USER_ID = '500000000000000006';

/** A member holding {@link MOD_ROLE_ID}. */
export const MODERATOR_USER_ID = '500000000000000007';

/** A member holding {@link MANAGER_ROLE_ID} (Manage Server). */
export const MANAGER_USER_ID = '500000000000000008';

/** The guild owner (every permission). */
export const OWNER_USER_ID = '500000000000000009';

/** Permission bits of an ordinary member as the compact helpers send them: Use Application Commands. */
export const PERMS_MEMBER = '2147483648';

/** {@link PERMS_MEMBER} plus Manage Server (1 << 5). */
export const PERMS_MANAGE_GUILD = String((1n << 5n) | 2147483648n);

/** Builds an {@link APIUser} with the fields discord.js reads. */
export function makeUser(id: string, username: string, extra: Partial<APIUser> = {}): APIUser {
  return { id, username, discriminator: '0', global_name: username, avatar: null, ...extra };
}

/** The bot user (username `bot`). */
export const BOT_USER: APIUser = Object.freeze(makeUser(BOT_ID, 'bot', { bot: true, global_name: null }));

/** {@link USER_ID}, username `member`: what the compact helpers send too. */
export const MEMBER_USER: APIUser = Object.freeze(makeUser(USER_ID, 'member', { bot: false, global_name: null }));

export const OTHER_USER: APIUser = Object.freeze(makeUser(OTHER_USER_ID, 'friend', { global_name: null }));

export const MODERATOR_USER: APIUser = Object.freeze(makeUser(MODERATOR_USER_ID, 'moderator', { global_name: null }));

export const MANAGER_USER: APIUser = Object.freeze(makeUser(MANAGER_USER_ID, 'manager', { global_name: null }));

export const OWNER_USER: APIUser = Object.freeze(makeUser(OWNER_USER_ID, 'owner', { global_name: null }));
