import { SlashCommandBuilder } from 'discord.js';
import { suggestQuestions } from '../../engine/suggest.ts';
import { answerAndRender, replyWithAnswer, takeTurn } from '../answering.ts';
import type { Command } from '../command.ts';
import { langOf } from '../i18n.ts';
import { MAX_CHOICES, MAX_CHOICE_NAME, MAX_CHOICE_VALUE, MAX_QUESTION_LENGTH } from '../limits.ts';
import { safeCutBefore } from '../safeText.ts';
import { labelled } from './labelled.ts';

export const askCommand = {
  data: labelled(
    new SlashCommandBuilder(),
    { en: 'ask', zhCN: '提问', zhTW: '提問' },
    {
      en: 'Ask a question: the bot quotes the passages of its corpus that answer it',
      zhCN: '提问:机器人引用语料中能回答问题的段落',
      zhTW: '提問:機器人引用語料中能回答問題的段落',
    },
  )
    .addStringOption((o) =>
      labelled(
        o,
        { en: 'question', zhCN: '问题', zhTW: '問題' },
        {
          en: 'Your question, in Chinese, English or both',
          zhCN: '你的问题(中文、英文或混合)',
          zhTW: '你的問題(中文、英文或混合)',
        },
      )
        .setRequired(true)
        .setMaxLength(MAX_QUESTION_LENGTH)
        .setAutocomplete(true),
    )
    .addIntegerOption((o) =>
      labelled(
        o,
        { en: 'count', zhCN: '数量', zhTW: '數量' },
        {
          en: 'How many passages to quote (1–5, default 3)',
          zhCN: '引用几个段落(1–5,默认 3)',
          zhTW: '引用幾個段落(1–5,預設 3)',
        },
      )
        .setMinValue(1)
        .setMaxValue(5),
    )
    .addBooleanOption((o) =>
      labelled(
        o,
        { en: 'hide', zhCN: '仅自己可见', zhTW: '僅自己可見' },
        { en: 'Only you see the answer', zhCN: '只有你能看到回答', zhTW: '只有你能看到回答' },
      ),
    )
    .addUserOption((o) =>
      labelled(
        o,
        { en: 'mention', zhCN: '提及', zhTW: '提及' },
        {
          en: 'Address the answer to this member (they are pinged)',
          zhCN: '把回答发给这位成员(会提醒对方)',
          zhTW: '把回答發給這位成員(會提醒對方)',
        },
      ),
    ),

  async execute(interaction, ctx) {
    const lang = langOf(interaction.locale);
    if (!(await takeTurn(interaction, ctx, lang, 'ask'))) return;
    const question = interaction.options.getString('question', true);
    const addressee = interaction.options.getUser('mention');
    const { answer, payload } = answerAndRender(ctx, question, {
      lang,
      ephemeral: interaction.options.getBoolean('hide') ?? false,
      top: interaction.options.getInteger('count') ?? 3,
      addressee: addressee && !addressee.bot ? addressee.id : null,
      guildId: interaction.guildId,
    });
    await replyWithAnswer(interaction, ctx, 'ask', question, answer, payload);
  },

  async autocomplete(interaction, ctx) {
    const typed = interaction.options.getFocused().slice(0, MAX_QUESTION_LENGTH);
    const choices: Array<{ name: string; value: string }> = [];
    const seen = new Set<string>();
    const add = (text: string): void => {
      // A choice's name and value have the same limit (100): the typed text fits both.
      const value = text.slice(0, safeCutBefore(text, Math.min(MAX_CHOICE_NAME, MAX_CHOICE_VALUE)));
      if (!value.trim() || seen.has(value) || choices.length >= MAX_CHOICES) return;
      seen.add(value);
      choices.push({ name: value, value });
    };
    // What was typed comes first, so Enter always asks exactly that.
    add(typed.trim());
    for (const s of suggestQuestions(ctx.library.index, typed, MAX_CHOICES - 1, MAX_CHOICE_NAME)) add(s);
    await interaction.respond(choices);
  },
} satisfies Command;
