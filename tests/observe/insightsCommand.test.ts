import { MessageFlags, PermissionFlagsBits, PermissionsBitField, type Interaction } from 'discord.js';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Config } from '../../src/config.ts';
import { insightsCommand } from '../../src/discord/commands/insights.ts';
import type { BotContext } from '../../src/discord/context.ts';
import { createInteractionHandler } from '../../src/discord/handleInteraction.ts';
import { QueryLog } from '../../src/observe/queryLog.ts';
import { capturedLogger, questionEvent, tempDataDir } from './helpers.ts';

// Until the suite's fake Discord exists, the dispatcher is driven with a stand-in interaction that has
// exactly the members it and the permission check read. The check itself is the real one.
const GUILD = '100000000000000001';
const MOD_ROLE = '400000000000000001';

interface Sent {
  content?: string;
  flags?: number;
}

function slashInsights(options: {
  manageGuild?: boolean;
  roles?: string[];
  days?: number | null;
  inGuild?: boolean;
  locale?: string;
}) {
  const sent: Sent[] = [];
  const inGuild = options.inGuild ?? true;
  const interaction = {
    commandName: 'insights',
    locale: options.locale ?? 'en-US',
    guildId: inGuild ? GUILD : null,
    user: { id: '200000000000000001' },
    deferred: false,
    replied: false,
    memberPermissions: inGuild
      ? new PermissionsBitField(options.manageGuild ? PermissionFlagsBits.ManageGuild : 0n)
      : null,
    member: inGuild ? { roles: options.roles ?? [] } : null,
    options: { getInteger: (name: string) => (name === 'days' ? (options.days ?? null) : null) },
    inGuild: () => inGuild,
    isAutocomplete: () => false,
    isChatInputCommand: () => true,
    isCommand: () => true,
    isButton: () => false,
    isRepliable: () => true,
    reply: (payload: Sent) => {
      sent.push(payload);
      interaction.replied = true;
      return Promise.resolve();
    },
  };
  return { interaction: interaction as unknown as Interaction, sent };
}

let data: ReturnType<typeof tempDataDir>;
let log: QueryLog;
let refused: ReturnType<typeof vi.fn>;

function context(queryLog: QueryLog | null): BotContext {
  refused = vi.fn();
  const config: Pick<Config, 'modRoleIds'> = { modRoleIds: [MOD_ROLE] };
  return { config, logger: capturedLogger().logger, observer: { refused }, queryLog } as unknown as BotContext;
}

beforeEach(() => {
  data = tempDataDir();
  log = QueryLog.open({ dataDir: data.dir, retentionDays: 90, logger: capturedLogger().logger, flushEveryMs: 0 });
  log.recordQuestion(questionEvent({ question: '光年之外估值?', passages: [], guildId: GUILD }));
  log.recordQuestion(questionEvent({ question: '另一个服务器', passages: [], guildId: '100000000000000002' }));
});
afterEach(() => {
  log.close();
  data.cleanup();
});

describe('/insights', () => {
  it('is refused to a member without Manage Server or a moderator role, and reads nothing', async () => {
    const spy = vi.spyOn(log, 'insights');
    const { interaction, sent } = slashInsights({ manageGuild: false, roles: ['400000000000000009'] });
    await createInteractionHandler(context(log), [insightsCommand])(interaction);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.content).toMatch(/^Only moderators/);
    expect(sent[0]!.flags).toBe(MessageFlags.Ephemeral);
    expect(refused).toHaveBeenCalledWith('permission', 'insights');
    expect(spy).not.toHaveBeenCalled();
  });

  it('is refused in DMs', async () => {
    const { interaction, sent } = slashInsights({ inGuild: false });
    await createInteractionHandler(context(log), [insightsCommand])(interaction);
    expect(sent[0]!.content).toMatch(/only work in a server/);
  });

  it('shows a moderator this server’s questions only, ephemerally, for the default 7 days', async () => {
    const { interaction, sent } = slashInsights({ manageGuild: true });
    await createInteractionHandler(context(log), [insightsCommand])(interaction);
    expect(sent[0]!.flags).toBe(MessageFlags.Ephemeral);
    expect(sent[0]!.content).toContain('**Last 7 days**: 1 question from 1 member · 0% answered');
    expect(sent[0]!.content).toContain('光年之外估值?');
    expect(sent[0]!.content).not.toContain('另一个服务器');
  });

  it('counts a MOD_ROLE_IDS role as a moderator, honours days and answers in Chinese', async () => {
    const { interaction, sent } = slashInsights({ roles: [MOD_ROLE], days: 30, locale: 'zh-CN' });
    await createInteractionHandler(context(log), [insightsCommand])(interaction);
    expect(sent[0]!.content).toMatch(/^📊 \*\*最近 30 天\*\*/);
  });

  it('says the log is off when QUERY_LOG=off', async () => {
    const { interaction, sent } = slashInsights({ manageGuild: true });
    await createInteractionHandler(context(null), [insightsCommand])(interaction);
    expect(sent[0]!.content).toMatch(/QUERY_LOG=off/);
  });

  it('is registered for servers only, hidden by default from members without Manage Server, days 1–365', () => {
    const json = insightsCommand.data.toJSON();
    expect(insightsCommand.moderatorOnly).toBe(true);
    expect(json.default_member_permissions).toBe(String(PermissionFlagsBits.ManageGuild));
    expect(json.contexts).toEqual([0]);
    expect(json.options?.[0]).toMatchObject({ name: 'days', min_value: 1, max_value: 365 });
  });
});
