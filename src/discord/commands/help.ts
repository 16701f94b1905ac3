import { SlashCommandBuilder } from 'discord.js';
import type { Command } from '../command.ts';
import { langOf, t } from '../i18n.ts';
import { notice } from '../render.ts';
import { interactionReply } from '../reply.ts';
import { labelled } from './labelled.ts';

export const helpCommand = {
  data: labelled(
    new SlashCommandBuilder(),
    { en: 'help', zhCN: '帮助', zhTW: '幫助' },
    { en: 'How to ask, with examples', zhCN: '怎么提问(附示例)', zhTW: '怎麼提問(附示例)' },
  ),
  async execute(interaction) {
    await interaction.reply(interactionReply(notice(t(langOf(interaction.locale), 'help'))));
  },
} satisfies Command;
