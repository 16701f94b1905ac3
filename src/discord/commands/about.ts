import { SlashCommandBuilder } from 'discord.js';
import type { Command } from '../command.ts';
import { langOf } from '../i18n.ts';
import { notice } from '../render.ts';
import { interactionReply } from '../reply.ts';
import { labelled } from './labelled.ts';

function duration(ms: number): string {
  const s = Math.floor(ms / 1000);
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3_600);
  const m = Math.floor((s % 3_600) / 60);
  return d > 0 ? `${d}d ${h}h ${m}m` : h > 0 ? `${h}h ${m}m` : `${m}m ${s % 60}s`;
}

export const aboutCommand = {
  data: labelled(
    new SlashCommandBuilder(),
    { en: 'about', zhCN: '关于', zhTW: '關於' },
    {
      en: 'What the bot knows: documents, passages, last reindex, version',
      zhCN: '语料信息:文档、段落、上次索引时间、版本',
      zhTW: '語料資訊:文件、段落、上次索引時間、版本',
    },
  ),
  async execute(interaction, ctx) {
    const index = ctx.library.index;
    const built = Math.floor(index.builtAt.getTime() / 1000);
    const uptime = duration(Date.now() - ctx.startedAt.getTime());
    const zh = langOf(interaction.locale) !== 'en';
    const text = zh
      ? `**问答机器人** v${ctx.version}\n文档:${index.documents.size} · 段落:${index.passages.length}\n上次索引:<t:${built}:f>(<t:${built}:R>)\n运行时间:${uptime}`
      : `**Q&A bot** v${ctx.version}\nDocuments: ${index.documents.size} · Passages: ${index.passages.length}\nLast indexed: <t:${built}:f> (<t:${built}:R>)\nUptime: ${uptime}`;
    await interaction.reply(interactionReply(notice(text)));
  },
} satisfies Command;
