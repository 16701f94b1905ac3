import { MessageFlags, type ChatInputCommandInteraction, type ModalSubmitInteraction } from 'discord.js';
import { normalizeText } from '../../engine/normalize.ts';
import { SYNONYMS_FILE, formatSynonyms, parseSynonyms } from '../../engine/synonyms.ts';
import { UserFacingError } from '../../errors.ts';
import { Mutex } from '../../store/mutex.ts';
import { SUBCOMMAND_NAMES, listText, moderatorCommand, withSubcommands } from './moderatorCommand.ts';
import type { Command } from '../command.ts';
import type { BotContext } from '../context.ts';
import { langOf, t } from '../i18n.ts';
import { MAX_CHOICES } from '../limits.ts';
import { notice } from '../render.ts';
import { interactionReply } from '../reply.ts';
import { escapeForDiscord, truncate } from '../safeText.ts';

/** The words of a group as typed: separated as the synonyms file separates them. */
export function wordsOf(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[\s,，、;；]+/)
        .map((w) => w.trim())
        .filter(Boolean),
    ),
  ];
}

const key = (word: string): string => normalizeText(word).trim();

/**
 * The groups after adding `words`: merged into every group that shares a word with them (so a word is in
 * one group only), or appended as a new group.
 */
export function addGroup(groups: ReadonlyArray<readonly string[]>, words: readonly string[]): string[][] {
  const adding = new Set(words.map(key));
  const kept: string[][] = [];
  const merged: string[] = [];
  for (const g of groups) {
    if (g.some((w) => adding.has(key(w)))) merged.push(...g);
    else kept.push([...g]);
  }
  const group: string[] = [];
  const seen = new Set<string>();
  for (const w of [...merged, ...words]) {
    if (seen.has(key(w))) continue;
    seen.add(key(w));
    group.push(w);
  }
  return [...kept, group];
}

function groupLabel(group: readonly string[]): string {
  return group.join(' ');
}

/** The groups as the file holds them now (read again, so an edit made by hand is kept). */
async function readGroups(ctx: BotContext): Promise<string[][]> {
  await ctx.library.reloadSynonyms();
  return ctx.library.synonyms.groups.map((g) => [...g]);
}

/** One edit of the synonyms file at a time: two moderators adding at once both keep their words. */
const editing = new Mutex();

/** Writes the groups through the corpus writer (atomically, no rebuild) and has the library read them again. */
async function writeGroups(ctx: BotContext, groups: ReadonlyArray<readonly string[]>): Promise<void> {
  await ctx.library.writer.writeSideFile(SYNONYMS_FILE, new TextEncoder().encode(formatSynonyms(groups)));
  await ctx.library.reloadSynonyms();
}

/** `/synonyms add` and the mod log's "Add synonym": adds a group (merging groups it overlaps) and replies. */
export async function addSynonymGroup(
  interaction: ChatInputCommandInteraction | ModalSubmitInteraction,
  ctx: BotContext,
  typed: string,
): Promise<void> {
  const lang = langOf(interaction.locale);
  const words = wordsOf(typed);
  if (new Set(words.map(key)).size < 2) {
    throw new UserFacingError('synonyms.tooFew', {});
  }
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const groups = await editing.run(async () => {
    const next = addGroup(await readGroups(ctx), words);
    const { problems } = parseSynonyms(formatSynonyms(next));
    if (problems.length > 0) throw UserFacingError.of('synonyms.invalid', problems[0]!.words);
    await writeGroups(ctx, next);
    return next;
  });
  const group = groups.at(-1)!;
  ctx.logger.info(
    { user: interaction.user.id, guild: interaction.guildId, action: 'synonyms.add', words: group.length },
    'synonyms added',
  );
  const shown = escapeForDiscord(truncate(groupLabel(group), 1_500));
  await interaction.editReply({
    content: t(lang, 'synonyms.saved', { words: shown }),
    allowedMentions: { parse: [] },
  });
}

export const synonymsCommand = {
  data: withSubcommands(
    moderatorCommand(
      { en: 'synonyms', zhCN: '同义词', zhTW: '同義詞' },
      {
        en: 'Moderators: words that mean the same to the search',
        zhCN: '版主:搜索时视为相同的词',
        zhTW: '版主:搜尋時視為相同的詞',
      },
    ),
    [
      {
        name: SUBCOMMAND_NAMES.add,
        description: {
          en: 'Add words that mean the same (merged into a group that has one of them)',
          zhCN: '添加意思相同的词',
          zhTW: '新增意思相同的詞',
        },
        options: [
          {
            name: 'words',
            required: true,
            maxLength: 300,
            description: {
              en: 'Two words or more, separated by spaces: 删除 移除 删掉',
              zhCN: '两个或更多词,用空格分隔',
              zhTW: '兩個或更多詞,用空格分隔',
            },
          },
        ],
      },
      {
        name: SUBCOMMAND_NAMES.list,
        description: { en: 'The synonym groups', zhCN: '同义词组列表', zhTW: '同義詞組列表' },
      },
      {
        name: SUBCOMMAND_NAMES.remove,
        description: { en: 'Remove a synonym group', zhCN: '移除一个同义词组', zhTW: '移除一個同義詞組' },
        options: [
          {
            name: 'group',
            required: true,
            autocomplete: true,
            description: {
              en: 'A word of the group (type to search)',
              zhCN: '组中的一个词(可输入搜索)',
              zhTW: '組中的一個詞(可輸入搜尋)',
            },
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
      await addSynonymGroup(interaction, ctx, interaction.options.getString('words', true));
      return;
    }
    if (sub === 'list') {
      const groups = await readGroups(ctx);
      const lines = groups.map((g) => `• ${escapeForDiscord(truncate(groupLabel(g), 200))}`);
      const text = listText(lang, t(lang, 'synonyms.listHeader', { count: groups.length }), lines);
      await interaction.reply(interactionReply(notice(text)));
      return;
    }
    const typed = key(interaction.options.getString('group', true));
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const removed = await editing.run(async () => {
      const groups = await readGroups(ctx);
      const at = groups.findIndex((g) => g.some((w) => key(w) === typed) || key(groupLabel(g)) === typed);
      if (at < 0) {
        throw new UserFacingError('synonyms.unknown', {});
      }
      const [gone] = groups.splice(at, 1);
      await writeGroups(ctx, groups);
      return gone!;
    });
    ctx.logger.info(
      { user: interaction.user.id, guild: interaction.guildId, action: 'synonyms.remove' },
      'synonyms removed',
    );
    const shown = escapeForDiscord(truncate(groupLabel(removed), 1_500));
    await interaction.editReply({
      content: t(lang, 'synonyms.removed', { words: shown }),
      allowedMentions: { parse: [] },
    });
  },

  async autocomplete(interaction, ctx) {
    const typed = key(interaction.options.getFocused().slice(0, 100));
    const choices = ctx.library.synonyms.groups
      .map((g) => groupLabel(g))
      .filter((label) => label.length <= 100 && (!typed || key(label).includes(typed)))
      .slice(0, MAX_CHOICES)
      .map((label) => ({ name: label, value: label }));
    await interaction.respond(choices);
  },
} satisfies Command;
