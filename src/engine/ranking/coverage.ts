import type { NormalizedPassage, NormalizedText } from '../searchIndex.ts';
import type { QueryUnit } from '../question.ts';
import type { RankingOptions } from './options.ts';
import type { WeightedUnit } from './weights.ts';

/** How present a term is in a text: 1 when it is there, 0 when not; a match in a passage's surroundings may count less. */
export type Presence = (term: string, word: boolean) => number;

const HAN_CHAR = /\p{sc=Han}/u;

export function contains(text: NormalizedText, term: string, word: boolean): boolean {
  return word ? text.hasWord(term) : text.text.includes(term);
}

/** Presence in a normalised text: Han terms anywhere, word terms as whole words (not "ai" in "openai"). */
export function textHas(text: NormalizedText): Presence {
  return (term, word) => (contains(text, term, word) ? 1 : 0);
}

/**
 * Presence in a passage: its own text counts fully; its title, section or byline count `metaCredit`,
 * and only when the document's text never uses the term (then "郝鑫的文章" finds the document, while a
 * name that is also in the title does not make every passage look like it is about that person); the
 * passage before it counts `contextCredit` ("这些公司…", "前者…" go on from what it named).
 */
export function passageHas(
  passage: NormalizedPassage,
  previous: NormalizedPassage | null,
  options: Pick<RankingOptions, 'contextCredit' | 'metaCredit'>,
): Presence {
  return (term, word) => {
    if (contains(passage.body, term, word)) return 1;
    if (contains(passage.meta, term, word) && !contains(passage.document, term, word)) return options.metaCredit;
    return previous && contains(previous.body, term, word) ? options.contextCredit : 0;
  };
}

/** Share of a unit's own form that is present (0–1), with partial credit for shared characters. */
function formPresence(unit: QueryUnit, has: Presence, charCredit: number): number {
  if (unit.kind === 'word') return Math.max(0, ...unit.terms.filter((t) => !HAN_CHAR.test(t)).map((t) => has(t, true)));
  let found = 0;
  for (const t of unit.terms) found += has(t, false);
  const share = unit.terms.length === 0 ? 0 : found / unit.terms.length;
  if (share === 1 || charCredit === 0) return share;
  // A paraphrase often keeps a character of the word (变高 ~ 拉高, 辞职 ~ 离职): some credit for that.
  // At least half the characters: one character of 龙井茶 in 普洱茶 is chance, two of 贾杨清 a typo.
  const chars = Array.from(unit.text);
  let charsFound = 0;
  for (const c of chars) charsFound += has(c, false);
  return charsFound * 2 >= chars.length ? Math.max(share, (charCredit * charsFound) / chars.length) : share;
}

/** Share of a unit present (0–1): its own form, or the best of its alternatives times their credit. */
export function unitPresence(unit: QueryUnit, has: Presence, charCredit: number): number {
  let best = formPresence(unit, has, charCredit);
  for (const alt of unit.alternatives) {
    if (best >= alt.credit) continue;
    let found = 0;
    for (const t of alt.terms) found += has(t, !HAN_CHAR.test(t));
    const share = alt.terms.length === 0 ? 0 : found / alt.terms.length;
    best = Math.max(best, share === 1 ? alt.credit : 0);
  }
  return best;
}

/** Weighted share (0–1) of the units present. */
export function coverageOf(units: readonly WeightedUnit[], has: Presence, charCredit = 0): number {
  let total = 0;
  let covered = 0;
  for (const { unit, weight } of units) {
    total += weight;
    covered += weight * unitPresence(unit, has, charCredit);
  }
  return total === 0 ? 0 : covered / total;
}
