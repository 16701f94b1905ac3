import { displaySafe } from './displayName.ts';
import type { ReindexReport } from './library.ts';

const WORDS = {
  en: {
    ok: (ms: number) => `✅ Reindexed in ${ms} ms`,
    shared: ' (joined a rebuild already running)',
    failed: (why: string) => `❌ Reindex failed: ${why}. The current index keeps answering.`,
    counts: (r: ReindexReport) =>
      `Documents ${r.documentsBefore} → ${r.documentsAfter}, passages ${r.passagesBefore} → ${r.passagesAfter}`,
    added: 'Added: ',
    removed: 'Removed: ',
    changed: 'Changed: ',
    unchanged: 'No document changed.',
    skipped: (file: string, reason: string) => `⚠️ Skipped ${file}: ${reason}`,
    moreSkipped: (n: number) => `⚠️ ${n} more files skipped`,
    errors: {
      'corpus.empty': 'no valid documents are left in the corpus',
      'corpus.tooLarge': 'the corpus is over its size limit (CORPUS_MAX_BYTES): remove documents or raise the limit',
      'corpus.missing': 'the corpus directory does not exist',
      'corpus.unreadable': 'the corpus directory cannot be read',
      'corpus.notDirectory': 'the corpus path is not a directory',
    } as Record<string, string>,
  },
  zh: {
    ok: (ms: number) => `✅ 重建索引完成,用时 ${ms} ms`,
    shared: '(与正在进行的重建共享)',
    failed: (why: string) => `❌ 重建索引失败:${why}。当前索引继续提供回答。`,
    counts: (r: ReindexReport) =>
      `文档 ${r.documentsBefore} → ${r.documentsAfter},段落 ${r.passagesBefore} → ${r.passagesAfter}`,
    added: '新增:',
    removed: '移除:',
    changed: '修改:',
    unchanged: '没有文档变化。',
    skipped: (file: string, reason: string) => `⚠️ 已跳过 ${file}:${reason}`,
    moreSkipped: (n: number) => `⚠️ 另有 ${n} 个文件被跳过`,
    errors: {
      'corpus.empty': '语料中已没有可用的文档',
      'corpus.tooLarge': '语料超过了大小上限(CORPUS_MAX_BYTES),请移除文档或提高上限',
      'corpus.missing': '语料目录不存在',
      'corpus.unreadable': '无法读取语料目录',
      'corpus.notDirectory': '语料路径不是目录',
    } as Record<string, string>,
  },
};

function list(ids: readonly string[], max: number): string {
  const shown = ids.slice(0, max).join(', ');
  return ids.length > max ? `${shown} … (+${ids.length - max})` : shown;
}

/** A reindex report as lines a moderator reads (Discord and the CLI say the same). */
export function reindexSummary(r: ReindexReport, lang: 'en' | 'zh' = 'en', maxNames = 10): string[] {
  const w = WORDS[lang];
  // A failure is worded in the reader's language: the store's own (English) detail, or the words for its code.
  const known = r.errorCode ? w.errors[r.errorCode] : undefined;
  const why = lang === 'en' ? (r.error ?? known ?? '') : (known ?? '内部错误,详见日志');
  const lines = [r.ok ? w.ok(Math.round(r.tookMs)) + (r.shared ? w.shared : '') : w.failed(why)];
  if (r.ok) {
    lines.push(w.counts(r));
    if (r.added.length) lines.push(w.added + list(r.added.map(displaySafe), maxNames));
    if (r.removed.length) lines.push(w.removed + list(r.removed.map(displaySafe), maxNames));
    if (r.changed.length) lines.push(w.changed + list(r.changed.map(displaySafe), maxNames));
    if (!r.added.length && !r.removed.length && !r.changed.length) lines.push(w.unchanged);
  }
  for (const p of r.problems.slice(0, maxNames)) lines.push(w.skipped(displaySafe(p.file), p.reason));
  if (r.problems.length > maxNames) lines.push(w.moreSkipped(r.problems.length - maxNames));
  return lines;
}
