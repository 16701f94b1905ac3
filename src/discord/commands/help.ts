import { SlashCommandBuilder } from 'discord.js';
import type { Command } from '../command.ts';
import { langOf, t } from '../i18n.ts';
import { notice } from '../render.ts';
import { interactionReply } from '../reply.ts';

export const helpCommand = {
  data: new SlashCommandBuilder()
    .setName('help')
    .setNameLocalizations({ 'zh-CN': '帮助', 'zh-TW': '幫助' })
    .setDescription('How to ask, with examples')
    .setDescriptionLocalizations({ 'zh-CN': '怎么提问(附示例)', 'zh-TW': '怎麼提問(附示例)' }),
  async execute(interaction) {
    await interaction.reply(interactionReply(notice(t(langOf(interaction.locale), 'help'))));
  },
} satisfies Command;
