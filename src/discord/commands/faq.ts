import { MessageFlags, type ChatInputCommandInteraction, type ModalSubmitInteraction } from 'discord.js';
import { FAQ_FOLDER, faqEntries } from '../../engine/faq.ts';
import { normalizeText } from '../../engine/normalize.ts';
import { UserFacingError } from '../../errors.ts';
import { faqDocument, faqPath, splitList, type FaqInput } from '../../store/faqFile.ts';
import { SUBCOMMAND_NAMES, listText, moderatorCommand, withSubcommands } from './moderatorCommand.ts';
import type { Command } from '../command.ts';
import type { BotContext } from '../context.ts';
import { langOf, t } from '../i18n.ts';
import { MAX_CHOICES, MAX_QUESTION_LENGTH } from '../limits.ts';
import { notice } from '../render.ts';
import { interactionReply } from '../reply.ts';
import { escapeForDiscord, inlineCode, truncate } from '../safeText.ts';
import { reindexAndReport } from './reindex.ts';

/** Longest answer text a FAQ entry takes (it is quoted in one embed). */
export const MAX_FAQ_ANSWER = 3_000;

/** Checks a FAQ entry against the live index: the question is askable, every cited passage exists. */
function checkEntry(ctx: BotContext, input: FaqInput): void {
  if (!normalizeText(input.question).trim() || !input.answer.trim()) {
    throw new UserFacingError('faq.empty', {});
  }
  const unknown = input.cites.filter((id) => !ctx.library.index.passageIndex.has(id));
  if (unknown.length > 0) {
    const shown = unknown.map((id) => inlineCode(truncate(id, 60))).join(', ');
    throw new UserFacingError('faq.unknownPassage', { ids: shown });
  }
}

/**
 * Writes a FAQ entry through the corpus writer and edits the (deferred) reply once the rebuild that includes
 * it is done: `/faq add` and the mod log's "Add FAQ entry" both end here.
 */
export async function saveFaqEntry(
  interaction: ChatInputCommandInteraction | ModalSubmitInteraction,
  ctx: BotContext,
  input: FaqInput,
): Promise<void> {
  const lang = langOf(interaction.locale);
  checkEntry(ctx, input);
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const id = faqPath(input.question);
  const written = await ctx.library.writer.writeFile(id, new TextEncoder().encode(faqDocument(input)));
  ctx.logger.info(
    {
      user: interaction.user.id,
      guild: interaction.guildId,
      action: 'faq.add',
      document: id,
      replaced: written.replaced,
    },
    'faq entry saved',
  );
  const question = escapeForDiscord(truncate(input.question, 200));
  const headline = t(lang, written.replaced ? 'faq.updated' : 'faq.added', { id: inlineCode(id), question });
  await reindexAndReport(interaction, ctx, headline, { job: written.rebuilt, joined: false });
}

export const faqCommand = {
  data: withSubcommands(
    moderatorCommand(
      { en: 'faq', zhCN: '常见问题', zhTW: '常見問題' },
      {
        en: 'Moderators: answers the bot gives first to the questions they match',
        zhCN: '版主:为特定问题预先写好的回答',
        zhTW: '版主:為特定問題預先寫好的回答',
      },
    ),
    [
      {
        name: SUBCOMMAND_NAMES.add,
        description: {
          en: 'Add (or replace) the answer to a question',
          zhCN: '添加(或替换)一个问题的回答',
          zhTW: '新增(或取代)一個問題的回答',
        },
        options: [
          {
            name: 'question',
            required: true,
            maxLength: MAX_QUESTION_LENGTH,
            description: { en: 'The question as members ask it', zhCN: '成员提问的方式', zhTW: '成員提問的方式' },
          },
          {
            name: 'answer',
            required: true,
            maxLength: MAX_FAQ_ANSWER,
            description: { en: 'The answer (Markdown)', zhCN: '回答(可用 Markdown)', zhTW: '回答(可用 Markdown)' },
          },
          {
            name: 'cites',
            maxLength: 1_000,
            description: {
              en: 'Passage ids to cite, separated by spaces (optional)',
              zhCN: '要引用的段落编号,用空格分隔(可选)',
              zhTW: '要引用的段落編號,用空格分隔(可選)',
            },
          },
          {
            name: 'phrasings',
            maxLength: 1_500,
            description: {
              en: 'Other ways to ask it, separated by | (optional)',
              zhCN: '其他问法,用 | 分隔(可选)',
              zhTW: '其他問法,用 | 分隔(可選)',
            },
          },
        ],
      },
      {
        name: SUBCOMMAND_NAMES.list,
        description: { en: 'The FAQ entries and their phrasings', zhCN: '常见问题及其问法', zhTW: '常見問題及其問法' },
      },
      {
        name: SUBCOMMAND_NAMES.remove,
        description: {
          en: 'Remove a FAQ entry (kept under .removed/, recoverable)',
          zhCN: '移除一个常见问题(保留在 .removed/ 中)',
          zhTW: '移除一個常見問題(保留在 .removed/ 中)',
        },
        options: [
          {
            name: 'entry',
            required: true,
            autocomplete: true,
            description: { en: 'The entry (type to search)', zhCN: '条目(可输入搜索)', zhTW: '條目(可輸入搜尋)' },
          },
        ],
      },
    ],
  ),
  moderatorOnly: true,
  changesCorpus: true,

  async execute(interaction, ctx) {
    const lang = langOf(interaction.locale);
    const sub = interaction.options.getSubcommand();
    if (sub === 'add') {
      await saveFaqEntry(interaction, ctx, {
        question: interaction.options.getString('question', true),
        answer: interaction.options.getString('answer', true),
        cites: splitList(interaction.options.getString('cites'), 'ids'),
        phrasings: splitList(interaction.options.getString('phrasings'), 'phrases'),
      });
      return;
    }
    const entries = faqEntries(ctx.library.index);
    if (sub === 'list') {
      const lines = entries.map((e) => {
        const others = e.phrasings.length - 1;
        const phrasings = others > 0 ? t(lang, 'faq.otherPhrasings', { count: others }) : '';
        return `• ${inlineCode(e.id)} — ${escapeForDiscord(truncate(e.question, 120))}${phrasings}`;
      });
      const text = listText(lang, t(lang, 'faq.listHeader', { count: entries.length }), lines);
      await interaction.reply(interactionReply(notice(text)));
      return;
    }
    const id = interaction.options.getString('entry', true);
    if (!id.startsWith(FAQ_FOLDER) || !entries.some((e) => e.id === id)) {
      throw new UserFacingError('faq.unknown', { id: truncate(id, 80) });
    }
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const removed = await ctx.library.writer.removeDocument(id);
    ctx.logger.info(
      { user: interaction.user.id, guild: interaction.guildId, action: 'faq.remove', document: id },
      'faq entry removed',
    );
    const headline = t(lang, 'faq.removed', { id: inlineCode(id), movedTo: inlineCode(removed.movedTo) });
    await reindexAndReport(interaction, ctx, headline, { job: removed.rebuilt, joined: false });
  },

  async autocomplete(interaction, ctx) {
    const typed = normalizeText(interaction.options.getFocused().slice(0, 100));
    const choices = faqEntries(ctx.library.index)
      .filter((e) => e.id.length <= 100 && (!typed || normalizeText(e.question).includes(typed)))
      .slice(0, MAX_CHOICES)
      .map((e) => ({ name: truncate(e.question, 100), value: e.id }));
    await interaction.respond(choices);
  },
} satisfies Command;
