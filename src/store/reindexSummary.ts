import { say, sayMessage, type Lang } from '../words/index.ts';
import { displaySafe } from './displayName.ts';
import type { ReindexReport } from './library.ts';

function list(ids: readonly string[], max: number): string {
  const shown = ids.slice(0, max).map(displaySafe).join(', ');
  return ids.length > max ? `${shown} … (+${ids.length - max})` : shown;
}

/** A reindex report as lines a moderator reads (Discord and the CLI say the same), from the catalogue. */
export function reindexSummary(r: ReindexReport, lang: Lang = 'en', maxNames = 10): string[] {
  const why = r.errorWords ? sayMessage(lang, r.errorWords) : (r.error ?? '');
  const lines = [
    r.ok
      ? say(lang, 'reindex.ok', { ms: Math.round(r.tookMs) }) + (r.shared ? say(lang, 'reindex.shared', {}) : '')
      : say(lang, 'reindex.failed', { why }),
  ];
  if (r.ok) {
    lines.push(say(lang, 'reindex.counts', r));
    if (r.added.length) lines.push(say(lang, 'reindex.added', { names: list(r.added, maxNames) }));
    if (r.removed.length) lines.push(say(lang, 'reindex.removed', { names: list(r.removed, maxNames) }));
    if (r.changed.length) lines.push(say(lang, 'reindex.changed', { names: list(r.changed, maxNames) }));
    if (!r.added.length && !r.removed.length && !r.changed.length) lines.push(say(lang, 'reindex.unchanged', {}));
  }
  for (const p of r.problems.slice(0, maxNames)) {
    const reason = p.words ? sayMessage(lang, p.words) : p.reason;
    lines.push(say(lang, 'reindex.skipped', { file: displaySafe(p.file), reason }));
  }
  if (r.problems.length > maxNames)
    lines.push(say(lang, 'reindex.moreSkipped', { count: r.problems.length - maxNames }));
  return lines;
}
