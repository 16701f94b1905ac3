import { SlashCommandBuilder } from 'discord.js';
import type { Command } from '../command.ts';
import { langOf } from '../i18n.ts';
import { MAX_CHOICES } from '../limits.ts';
import { interactionReply } from '../reply.ts';
import { passageChoices, sourceReply } from '../sourceView.ts';
import { labelled } from './labelled.ts';

export const sourceCommand = {
  data: labelled(
    new SlashCommandBuilder(),
    { en: 'source', zhCN: '出处', zhTW: '出處' },
    {
      en: 'Show a passage in full, with the passages around it',
      zhCN: '显示完整段落及其上下文',
      zhTW: '顯示完整段落及其上下文',
    },
  ).addStringOption((o) =>
    o
      .setName('id')
      .setDescription('Passage id, e.g. ai-2-0-founders.md#p5 (type to search)')
      .setDescriptionLocalizations({
        'zh-CN': '段落编号,例如 ai-2-0-founders.md#p5(可输入搜索)',
        'zh-TW': '段落編號,例如 ai-2-0-founders.md#p5(可輸入搜尋)',
      })
      .setRequired(true)
      .setMaxLength(200)
      .setAutocomplete(true),
  ),

  async execute(interaction, ctx) {
    const reply = sourceReply(
      ctx.library.index,
      interaction.options.getString('id', true).trim(),
      langOf(interaction.locale),
    );
    await interaction.reply(interactionReply(reply));
  },

  async autocomplete(interaction, ctx) {
    await interaction.respond(passageChoices(ctx.library.index, interaction.options.getFocused(), MAX_CHOICES));
  },
} satisfies Command;
