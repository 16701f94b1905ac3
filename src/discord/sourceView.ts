import { normalizeText } from '../engine/normalize.ts';
import type { SearchIndex } from '../engine/searchIndex.ts';
import type { Passage } from '../engine/types.ts';
import { UserFacingError } from '../errors.ts';
import { passageRef, refMatches } from './customIds.ts';
import type { Lang } from './i18n.ts';
import type { ReplyPayload } from './payload.ts';
import { renderSource } from './render.ts';
import { performance } from 'node:perf_hooks';
import { displaySafe } from '../store/displayName.ts';
import { truncate } from './safeText.ts';

/** The ordinal of a passage given its id or its button ref, or -1. */
export function findPassage(index: SearchIndex, idOrRef: string): number {
  const direct = index.passageIndex.get(idOrRef) ?? index.passageIndex.get(idOrRef.replace(/^i:/, ''));
  if (direct !== undefined) return direct;
  if (idOrRef.startsWith('h:')) return index.passages.findIndex((p) => refMatches(idOrRef, p.id));
  return -1;
}

/** "Source": a passage with its neighbours in the same document (ephemeral). */
export function sourceReply(index: SearchIndex, idOrRef: string, lang: Lang): ReplyPayload {
  const at = findPassage(index, idOrRef);
  if (at < 0) throw new UserFacingError('passage.unknown', { id: truncate(idOrRef.replace(/^i:/, ''), 80) });
  const focus = index.passages[at]!;
  const around = [at - 1, at, at + 1]
    .map((i) => index.passages[i])
    .filter((p): p is Passage => p?.docId === focus.docId);
  const doc = index.documents.get(focus.docId);
  return renderSource(around, focus.id, doc?.title ?? focus.docId, doc?.url ?? null, lang);
}

/** How long one autocomplete may search, in ms: far under Discord's 3 s, and short enough not to delay answers. */
export const AUTOCOMPLETE_BUDGET_MS = 15;

/**
 * Passage ids and titles matching what was typed, for /source's autocomplete: a substring search of the
 * labels normalised when the index was built (typed text is normalised once, at most 100 characters),
 * stopped after `budgetMs` with what it has found.
 */
export function passageChoices(
  index: SearchIndex,
  typed: string,
  limit: number,
  budgetMs = AUTOCOMPLETE_BUDGET_MS,
): Array<{ name: string; value: string }> {
  const needle = normalizeText(typed.trim().slice(0, 100));
  const until = performance.now() + budgetMs;
  const out: Array<{ name: string; value: string }> = [];
  const { passages, labels } = index;
  for (let i = 0; i < passages.length && out.length < limit; i++) {
    if ((i & 511) === 511 && performance.now() > until) break;
    if (needle && !labels[i]!.includes(needle)) continue;
    const p = passages[i]!;
    const doc = index.documents.get(p.docId);
    const label = displaySafe(`${p.id} — ${doc?.title ?? ''}${p.section ? ` · ${p.section}` : ''}`);
    const value = p.id.length <= 100 ? p.id : passageRef(p.id);
    out.push({ name: label.length <= 100 ? label : `${label.slice(0, 99)}…`, value });
  }
  return out;
}
