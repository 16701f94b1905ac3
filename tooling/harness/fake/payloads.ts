import type { APIUser } from 'discord.js';
import { INTENT } from './gatewayTypes.ts';
import type { FakeChannel, FakeGuild, FakeGuildMember } from './guild.ts';
import { makeUser } from './ids.ts';
import { asArray, isObject, isoNow, type JsonObject } from './json.ts';
import type { FakeDiscordServer } from './server.ts';

/** @internal The READY payload. */
export function readyPayload(
  fake: FakeDiscordServer,
  sessionId: string,
  shard: [number, number],
  guildIds: readonly string[],
): JsonObject {
  return {
    v: 10,
    user: { ...fake.botUser, bot: true, verified: true, mfa_enabled: false, flags: 0, email: null },
    guilds: guildIds.map((id) => ({ id, unavailable: true })),
    session_id: sessionId,
    resume_gateway_url: `${fake.gatewayUrl}/resume`,
    shard,
    application: { id: fake.applicationId, flags: 0 },
    user_settings: {},
    relationships: [],
    private_channels: [],
    presences: [],
    guild_join_requests: [],
    geo_ordered_rtc_regions: ['local'],
    session_type: 'normal',
    auth: {},
    _trace: ['fake-discord'],
  };
}

/** @internal The GUILD_CREATE payload of a guild. */
export function guildCreatePayload(guild: FakeGuild): JsonObject {
  return {
    ...guildPayload(guild),
    joined_at: isoNow(),
    large: false,
    unavailable: false,
    member_count: guild.members.length,
    voice_states: [],
    members: guild.members.map((m) => ({ ...memberPayload(m), user: m.user })),
    channels: guild.channels.map((c) => channelPayload(guild, c)),
    threads: [],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
    lazy: true,
    ...guild.extra,
  };
}

/**
 * @internal What a session receives for an event: null when its intents exclude it; guild message content
 * blanked without MessageContent unless the bot is mentioned or the author; fake-only fields stripped.
 */
export function shapeForSession(fake: FakeDiscordServer, t: string, d: unknown, intents: number): unknown {
  if (!fake.settings.enforceIntents || !isObject(d)) return d;
  const inGuild = typeof d.guild_id === 'string';
  const need = (guildBit: number, dmBit: number): boolean => (intents & (inGuild ? guildBit : dmBit)) !== 0;
  if (t.startsWith('MESSAGE_REACTION_')) return need(INTENT.guildReactions, INTENT.directReactions) ? d : null;
  if (t === 'TYPING_START') return need(INTENT.guildTyping, INTENT.directTyping) ? d : null;
  if (t.startsWith('GUILD_MEMBER_')) return (intents & INTENT.guildMembers) !== 0 ? d : null;
  if (/^(GUILD_(CREATE|UPDATE|DELETE|ROLE_)|CHANNEL_|THREAD_)/.test(t))
    return (intents & INTENT.guilds) !== 0 ? d : null;
  if (t.startsWith('MESSAGE_')) {
    if (!need(INTENT.guildMessages, INTENT.directMessages)) return null;
    if ((t === 'MESSAGE_CREATE' || t === 'MESSAGE_UPDATE') && inGuild && (intents & INTENT.messageContent) === 0) {
      const author = isObject(d.author) ? d.author.id : undefined;
      const mentioned = asArray(d.mentions).some((u) => isObject(u) && u.id === fake.botUser.id);
      if (author !== fake.botUser.id && !mentioned)
        return { ...d, content: '', embeds: [], attachments: [], components: [] };
    }
  }
  return d;
}

export function guildPayload(guild: FakeGuild): JsonObject {
  return {
    id: guild.id,
    name: guild.name,
    icon: null,
    splash: null,
    discovery_splash: null,
    banner: null,
    description: null,
    owner_id: guild.ownerId,
    afk_channel_id: null,
    afk_timeout: 300,
    widget_enabled: false,
    verification_level: 0,
    default_message_notifications: 1,
    explicit_content_filter: 0,
    roles: guild.roles,
    emojis: [],
    stickers: [],
    features: [],
    mfa_level: 0,
    application_id: null,
    system_channel_id: guild.channels[0]?.id ?? null,
    system_channel_flags: 0,
    rules_channel_id: null,
    public_updates_channel_id: null,
    safety_alerts_channel_id: null,
    max_members: 500_000,
    max_video_channel_users: 25,
    max_stage_video_channel_users: 50,
    vanity_url_code: null,
    premium_tier: 0,
    premium_subscription_count: 0,
    premium_progress_bar_enabled: false,
    preferred_locale: guild.preferredLocale,
    nsfw_level: 0,
    nsfw: false,
    incidents_data: null,
  };
}

export function memberPayload(member: FakeGuildMember): JsonObject {
  return {
    roles: member.roles,
    nick: member.nick ?? null,
    avatar: null,
    banner: null,
    joined_at: member.joinedAt ?? '2024-01-01T00:00:00.000000+00:00',
    premium_since: null,
    deaf: false,
    mute: false,
    flags: 0,
    pending: false,
    communication_disabled_until: null,
  };
}

/**
 * `user` as a member of `guild` in an interaction or a message: the roles (unless `roles` is given) and join
 * date the guild lists for them; someone the guild does not list has no roles and joined at the epoch.
 */
export function memberOf(guild: FakeGuild, user: APIUser, roles?: readonly string[]): JsonObject {
  const known = guild.members.find((m) => m.user.id === user.id);
  const member = known ?? { user, roles: [], joinedAt: new Date(0).toISOString() };
  return memberPayload({ ...member, roles: [...(roles ?? member.roles)] });
}

export function channelPayload(guild: FakeGuild, channel: FakeChannel): JsonObject {
  return {
    id: channel.id,
    type: channel.type ?? 0,
    guild_id: guild.id,
    name: channel.name,
    position: guild.channels.indexOf(channel),
    permission_overwrites: channel.permissionOverwrites ?? [],
    topic: channel.topic ?? null,
    nsfw: false,
    parent_id: channel.parentId ?? null,
    last_message_id: null,
    rate_limit_per_user: channel.rateLimitPerUser ?? 0,
    flags: 0,
  };
}

export function dmChannelPayload(channelId: string, user: APIUser): JsonObject {
  return { id: channelId, type: 1, recipients: [user], last_message_id: null, flags: 0 };
}

export function guildChannel(guild: FakeGuild, channelId: string | undefined): FakeChannel {
  const channel =
    channelId === undefined
      ? guild.channels.find((c) => (c.type ?? 0) === 0)
      : guild.channels.find((c) => c.id === channelId);
  if (!channel) throw new Error(`fake Discord: no channel ${channelId ?? '(text)'} in guild ${guild.id}`);
  return channel;
}

export function findChannel(
  fake: FakeDiscordServer,
  channelId: string,
): { guild: FakeGuild; channel: FakeChannel } | { dmUser: APIUser } | null {
  for (const guild of fake.state.guilds.values()) {
    const channel = guild.channels.find((c) => c.id === channelId);
    if (channel) return { guild, channel };
  }
  for (const [userId, id] of fake.state.dmChannels) {
    if (id === channelId) return { dmUser: fake.state.users.get(userId) ?? makeUser(userId, `user-${userId}`) };
  }
  return null;
}
