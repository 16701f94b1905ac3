import { normalizedText } from './searchIndex.ts';
import { sentenceEnds } from './passages.ts';
import type { QueryUnit } from './question.ts';
import { coverageOf, textHas } from './ranking/coverage.ts';
import type { WeightedUnit } from './ranking/weights.ts';

/** Where in a quoted passage the answer is: the best sentence, and the question's words highlighted. */

/** The first normalised offset whose source offset is at or after `offset` (map is non-decreasing). */
function normalizedOffset(map: readonly number[], offset: number): number {
  let lo = 0;
  let hi = map.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (map[mid]! < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The sentence of the passage that covers most of the question (earliest on a tie). Sentences are
 * cut from the passage normalised once (`normalized`, with its offset map), not normalised one by one.
 */
export function bestSentence(
  text: string,
  normalized: { text: string; map: number[] },
  units: readonly WeightedUnit[],
): { start: number; end: number } {
  let best = { start: 0, end: text.length };
  let bestScore = -1;
  let start = 0;
  for (const end of sentenceEnds(text, true)) {
    const sentence = text.slice(start, end);
    if (sentence.trim() !== '') {
      const slice = normalized.text.slice(
        normalizedOffset(normalized.map, start),
        normalizedOffset(normalized.map, end),
      );
      const score = coverageOf(units, textHas(normalizedText(slice)));
      if (score > bestScore) {
        bestScore = score;
        best = { start, end };
      }
    }
    start = end;
  }
  // Leading white space (a newline between paragraphs) is not part of the sentence.
  while (best.start < best.end && /\s/.test(text[best.start]!)) best.start++;
  return best;
}

const LATIN_WORD_CHAR = /[\p{L}\p{N}]/u;
const HAN_CHAR = /\p{sc=Han}/u;

const isLatin = (c: string | undefined): boolean => c !== undefined && LATIN_WORD_CHAR.test(c) && !HAN_CHAR.test(c);

/**
 * Whether the match at [at, end) stands alone at its Latin ends: not "gpt" inside "chatgpt", nor "ai公"
 * inside "OpenAI公司" (a Han end may touch anything).
 */
function isWholeWord(text: string, at: number, end: number): boolean {
  if (isLatin(text[at]) && isLatin(text[at - 1])) return false;
  return !(isLatin(text[end - 1]) && isLatin(text[end]));
}

/** Ranges of the verbatim text where the question's terms occur, merged. */
export function highlightRanges(
  text: string,
  normalized: { text: string; map: number[] },
  units: readonly QueryUnit[],
): Array<{ start: number; end: number }> {
  const { text: norm, map } = normalized;
  const ranges: Array<{ start: number; end: number }> = [];
  for (const unit of units) {
    for (const term of [...unit.terms, ...unit.alternatives.map((a) => a.text)]) {
      if (!term) continue;
      for (let at = norm.indexOf(term); at >= 0; at = norm.indexOf(term, at + 1)) {
        if (!isWholeWord(norm, at, at + term.length)) continue;
        ranges.push({ start: map[at]!, end: map[at + term.length] ?? text.length });
      }
    }
  }
  ranges.sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: Array<{ start: number; end: number }> = [];
  for (const r of ranges) {
    const last = merged.at(-1);
    if (last && r.start <= last.end) last.end = Math.max(last.end, r.end);
    else merged.push({ ...r });
  }
  return merged;
}
