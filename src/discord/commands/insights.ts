import { InteractionContextType, PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import type { Command } from '../command.ts';
import { langOf } from '../i18n.ts';
import { INSIGHTS_TOP, insightsUnavailable, renderInsights, renderVoteMoves } from '../insightsView.ts';
import { voteBookOf } from '../votes.ts';
import { notice } from '../render.ts';
import { interactionReply } from '../reply.ts';
import { labelled } from './labelled.ts';

/** The period /insights covers when no `days` is given. */
export const DEFAULT_INSIGHTS_DAYS = 7;

export const insightsCommand = {
  data: labelled(
    new SlashCommandBuilder(),
    { en: 'insights', zhCN: '提问统计', zhTW: '提問統計' },
    {
      en: 'Moderators: what members asked, and what the corpus could not answer',
      zhCN: '版主:成员问了什么,哪些问题语料答不上',
      zhTW: '版主:成員問了什麼,哪些問題語料答不上',
    },
  )
    .addIntegerOption((o) =>
      labelled(
        o,
        { en: 'days', zhCN: '天数', zhTW: '天數' },
        {
          en: `The last N days (1–365, default ${DEFAULT_INSIGHTS_DAYS})`,
          zhCN: `最近几天(1–365,默认 ${DEFAULT_INSIGHTS_DAYS})`,
          zhTW: `最近幾天(1–365,預設 ${DEFAULT_INSIGHTS_DAYS})`,
        },
      )
        .setMinValue(1)
        .setMaxValue(365),
    )
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .setContexts(InteractionContextType.Guild),
  moderatorOnly: true,
  async execute(interaction, ctx) {
    const lang = langOf(interaction.locale);
    const days = interaction.options.getInteger('days') ?? DEFAULT_INSIGHTS_DAYS;
    // Only this server's questions: a moderator here has no business reading another server's (or DMs).
    // Moderator commands run in servers only, so guildId is set; a null would mean "everything", so refuse it.
    const guildId = interaction.guildId;
    const log = ctx.queryLog ?? null;
    // A read of a week of questions takes milliseconds (see tooling/measureQueryLog.ts): no need to defer.
    const insights = log && guildId ? log.insights({ days, top: INSIGHTS_TOP, guildId }) : null;
    const text = insights ? renderInsights(insights, lang) : insightsUnavailable(log ? 'unreadable' : 'off', lang);
    const moved = guildId ? renderVoteMoves(voteBookOf(ctx).movesIn(guildId), lang) : '';
    await interaction.reply(interactionReply(notice(moved ? `${text}\n\n${moved}` : text)));
  },
} satisfies Command;
