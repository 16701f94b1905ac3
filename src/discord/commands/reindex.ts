import { MessageFlags, type ChatInputCommandInteraction, type ModalSubmitInteraction } from 'discord.js';
import type { ReindexReport } from '../../store/library.ts';
import { reindexSummary } from '../../store/reindexSummary.ts';
import { moderatorCommand } from './moderatorCommand.ts';
import type { Command } from '../command.ts';
import type { BotContext } from '../context.ts';
import { langOf, t } from '../i18n.ts';
import { MAX_CONTENT_LENGTH } from '../limits.ts';
import { truncateMarkdown } from '../payload.ts';
import { escapeForDiscord } from '../safeText.ts';

/**
 * Runs a reindex for a moderator command and edits the (deferred) reply with its diff. A caller who
 * arrives while one runs is told so at once, then gets the shared result.
 */
export async function reindexAndReport(
  interaction: ChatInputCommandInteraction | ModalSubmitInteraction,
  ctx: BotContext,
  headline: string | null,
  started: { job: Promise<ReindexReport>; joined: boolean } = {
    joined: ctx.library.reindexing,
    job: ctx.library.reindex(),
  },
): Promise<ReindexReport> {
  const lang = langOf(interaction.locale);
  if (started.joined) {
    await interaction.editReply(t(lang, 'reindex.running'));
  }
  const report = await started.job;
  ctx.observer.reindexed?.(report.tookMs, report.ok);
  ctx.logger.info(
    {
      user: interaction.user.id,
      guild: interaction.guildId,
      ok: report.ok,
      shared: report.shared,
      added: report.added,
      removed: report.removed,
      changed: report.changed,
    },
    'reindex by moderator',
  );
  const lines = reindexSummary(report, lang).map(escapeForDiscord);
  const text = [headline, ...lines].filter(Boolean).join('\n');
  await interaction.editReply({ content: truncateMarkdown(text, MAX_CONTENT_LENGTH), allowedMentions: { parse: [] } });
  return report;
}

export const reindexCommand = {
  data: moderatorCommand(
    { en: 'reindex', zhCN: '重建索引', zhTW: '重建索引' },
    {
      en: 'Moderators: re-read the corpus and swap in a new index',
      zhCN: '版主:重新读取语料并替换索引',
      zhTW: '版主:重新讀取語料並替換索引',
    },
  ),
  moderatorOnly: true,
  changesCorpus: true,
  async execute(interaction, ctx) {
    // Start (or join) the rebuild the moment the command arrives, so simultaneous calls share it;
    // then acknowledge, since a rebuild of a large corpus can pass Discord's 3 s deadline.
    const started = { joined: ctx.library.reindexing, job: ctx.library.reindex() };
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    await reindexAndReport(interaction, ctx, null, started);
  },
} satisfies Command;
