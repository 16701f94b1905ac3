import { SlashCommandBuilder } from 'discord.js';
import type { Command } from '../command.ts';
import { langOf, type Lang } from '../i18n.ts';
import { notice } from '../render.ts';
import { interactionReply } from '../reply.ts';

const HELP: Record<Lang, string> = {
  en: [
    '**How to ask**',
    '• `/ask question:` — in Chinese, English or both. I quote the passages of the corpus that answer, with the best sentence in **bold** and where it comes from.',
    '• Mention me in a channel (`@bot who founded 商汤科技?`), reply to one of my answers, or DM me.',
    '• Someone asked a question? Right-click their message → **Apps** → **Ask the bot about this**: I answer them.',
    '• Buttons: **More** (next passages), **Source** (the passage in full), **Share** (post a hidden answer), 👍 / 👎.',
    '• `/source id:` shows a passage with its neighbours; `/about` shows what I know.',
    '',
    '**Examples**',
    '• 贾扬清在哪里宣布离职的?',
    '• 光年之外的估值是多少?',
    '• Who founded 商汤科技?',
    '• 賈揚清是哪天宣布離職的?',
    '',
    'When the corpus does not say, I tell you so instead of guessing.',
  ].join('\n'),
  zh: [
    '**怎么提问**',
    '• `/ask 问题:` —— 中文、英文或混合都可以。我会引用语料中能回答问题的段落,最相关的句子加**粗**,并注明出处。',
    '• 也可以在频道里 @我、回复我的回答,或者私信我。',
    '• 别人提了问题?右键(长按)那条消息 → **应用** → **让机器人回答这条消息**,我会回复他。',
    '• 按钮:**更多**(下一批段落)、**出处**(完整段落)、**公开分享**(把仅自己可见的回答发到频道)、👍 / 👎。',
    '• `/source id:` 显示段落及其上下文;`/about` 显示语料信息。',
    '',
    '**示例**',
    '• 贾扬清在哪里宣布离职的?',
    '• 光年之外的估值是多少?',
    '• Who founded 商汤科技?',
    '• 賈揚清是哪天宣布離職的?',
    '',
    '语料里没有的内容,我会直说没有,而不是乱猜。',
  ].join('\n'),
};

export const helpCommand = {
  data: new SlashCommandBuilder()
    .setName('help')
    .setNameLocalizations({ 'zh-CN': '帮助', 'zh-TW': '幫助' })
    .setDescription('How to ask, with examples')
    .setDescriptionLocalizations({ 'zh-CN': '怎么提问(附示例)', 'zh-TW': '怎麼提問(附示例)' }),
  async execute(interaction) {
    await interaction.reply(interactionReply(notice(HELP[langOf(interaction.locale)])));
  },
} satisfies Command;
