import { MessageFlags } from 'discord.js';
import { DOCUMENT_EXTENSIONS, acceptedExtensions, formatForFile, formatLabelList } from '../../store/formats/index.ts';
import { performance } from 'node:perf_hooks';
import { displaySafe } from '../../store/displayName.ts';
import { normalizeText } from '../../engine/normalize.ts';
import { UserFacingError } from '../../errors.ts';
import { SUBCOMMAND_NAMES, listText, moderatorCommand, withSubcommands } from './moderatorCommand.ts';
import type { Command } from '../command.ts';
import { downloadAttachment } from '../download.ts';
import { langOf, t } from '../i18n.ts';
import { MAX_CHOICES } from '../limits.ts';
import { notice } from '../render.ts';
import { interactionReply } from '../reply.ts';
import { AUTOCOMPLETE_BUDGET_MS } from '../sourceView.ts';
import { escapeForDiscord, inlineCode, truncate } from '../safeText.ts';
import { reindexAndReport } from './reindex.ts';

function kb(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} KB`;
}

export const corpusCommand = {
  data: withSubcommands(
    moderatorCommand(
      { en: 'corpus', zhCN: '语料', zhTW: '語料' },
      {
        en: 'Moderators: list, add or remove documents',
        zhCN: '版主:列出、添加或移除文档',
        zhTW: '版主:列出、新增或移除文件',
      },
    ),
    [
      {
        name: SUBCOMMAND_NAMES.list,
        description: {
          en: 'Documents with title, passages, size and last change',
          zhCN: '文档列表:标题、段落数、大小、修改时间',
          zhTW: '文件列表:標題、段落數、大小、修改時間',
        },
      },
      {
        name: SUBCOMMAND_NAMES.add,
        description: {
          en: `Add (or replace) a ${acceptedExtensions()} document, then reindex`,
          zhCN: `添加(或替换)一个 ${acceptedExtensions('或')} 文档,然后重建索引`,
          zhTW: `新增(或取代)一個 ${acceptedExtensions('或')} 文件,然後重建索引`,
        },
        options: [
          {
            name: 'file',
            attachment: true,
            required: true,
            description: {
              en: `A UTF-8 ${acceptedExtensions()} file`,
              zhCN: `UTF-8 编码的 ${acceptedExtensions('或')} 文件`,
              zhTW: `UTF-8 編碼的 ${acceptedExtensions('或')} 檔案`,
            },
          },
          {
            name: 'title',
            maxLength: 200,
            description: {
              en: 'Title to show in citations (optional)',
              zhCN: '引用时显示的标题(可选)',
              zhTW: '引用時顯示的標題(可選)',
            },
          },
        ],
      },
      {
        name: SUBCOMMAND_NAMES.remove,
        description: {
          en: 'Remove a document (kept under .removed/, recoverable), then reindex',
          zhCN: '移除文档(保留在 .removed/ 中可恢复),然后重建索引',
          zhTW: '移除文件(保留在 .removed/ 中可復原),然後重建索引',
        },
        options: [
          {
            name: 'document',
            required: true,
            autocomplete: true,
            description: {
              en: 'Document id (type to search)',
              zhCN: '文档编号(可输入搜索)',
              zhTW: '文件編號(可輸入搜尋)',
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
    const who = { user: interaction.user.id, guild: interaction.guildId };
    if (sub === 'list') {
      const docs = [...ctx.library.index.documents.values()];
      const lines = docs.map(
        (d) =>
          `• ${inlineCode(displaySafe(d.id))} — ${escapeForDiscord(d.title)} · ${d.passageCount} ¶ · ${kb(d.bytes)} · <t:${Math.floor(d.mtimeMs / 1000)}:d>`,
      );
      const text = listText(lang, t(lang, 'corpus.listHeader', { count: docs.length }), lines);
      await interaction.reply(interactionReply(notice(text)));
      return;
    }
    if (sub === 'add') {
      const file = interaction.options.getAttachment('file', true);
      // Type and size are checked before anything is downloaded.
      if (formatForFile(file.name) === null) {
        throw new UserFacingError(
          'document.notAccepted',
          { file: truncate(file.name, 60), types: DOCUMENT_EXTENSIONS, labels: formatLabelList() },
          { code: 'document.type' },
        );
      }
      if (file.size > ctx.config.maxDocumentBytes) {
        throw new UserFacingError(
          'document.fileTooLarge',
          { size: file.size, max: ctx.config.maxDocumentBytes },
          { code: 'document.tooLarge' },
        );
      }
      await interaction.deferReply({ flags: MessageFlags.Ephemeral });
      const bytes = await downloadAttachment(file.url, file.size, ctx.config.maxDocumentBytes);
      const added = await ctx.library.writer.addDocument(file.name, bytes, {
        title: interaction.options.getString('title'),
        maxBytes: ctx.config.maxDocumentBytes,
      });
      ctx.logger.info(
        { ...who, action: 'corpus.add', document: added.id, replaced: added.replaced, bytes: bytes.length },
        'document added',
      );
      const headline = t(lang, 'corpus.added', { id: inlineCode(added.id), title: escapeForDiscord(added.title) });
      await reindexAndReport(interaction, ctx, headline, { job: added.rebuilt, joined: false });
      return;
    }
    const id = interaction.options.getString('document', true);
    if (!ctx.library.index.documents.has(id)) {
      throw new UserFacingError('document.unknown', { id: truncate(id, 80) });
    }
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const { movedTo, rebuilt } = await ctx.library.writer.removeDocument(id);
    ctx.logger.info({ ...who, action: 'corpus.remove', document: id, movedTo }, 'document removed');
    const headline = t(lang, 'corpus.removed', { id: inlineCode(id), movedTo: inlineCode(movedTo) });
    await reindexAndReport(interaction, ctx, headline, { job: rebuilt, joined: false });
  },

  async autocomplete(interaction, ctx) {
    // Matched against the first passage's label, normalised with the index: no normalising per keystroke.
    const typed = normalizeText(interaction.options.getFocused().trim().slice(0, 100));
    const index = ctx.library.index;
    const until = performance.now() + AUTOCOMPLETE_BUDGET_MS;
    const choices: Array<{ name: string; value: string }> = [];
    for (let i = 0; i < index.documentList.length && choices.length < MAX_CHOICES; i++) {
      if ((i & 511) === 511 && performance.now() > until) break;
      const d = index.documentList[i]!;
      if (d.id.length > 100) continue;
      const label = index.labels[d.firstPassage] ?? '';
      if (typed && !label.slice(0, label.indexOf('\n') >>> 0).includes(typed)) continue;
      const name = displaySafe(`${d.id} — ${d.title}`);
      choices.push({ name: name.length <= 100 ? name : `${name.slice(0, 99)}…`, value: d.id });
    }
    await interaction.respond(choices);
  },
} satisfies Command;
