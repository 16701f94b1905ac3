import { MAX_RESULTS, MAX_SENSE_WORDS } from './dictionary.ts';
import { cedict, cedictSteps, cleanSense, finish, fromBytes, toBytes } from './cedict.ts';
import { firstOfHead, headOf, sensesOfHead } from './cedictPack.ts';

/**
 * Chinese → English by CC-CEDICT (see cedict.ts for the data and its licence): a headword's short senses,
 * found by binary search in the entries' headword order; and, per corpus, the words that share a plain
 * sense (改名 and 重命名 are both "to rename"), for questions in other words than the corpus's.
 */

/** Builds the Chinese → English index (the entries, cedict.ts) in steps, unless it is read already. */
export function* warmUpChineseSteps(): Generator<void, void, void> {
  yield* cedictSteps();
}

/** Short English senses of a simplified headword, fewest words first: 翻转 → flip, roll, invert, turn over. */
export function chineseToEnglish(han: string): string[] {
  const senses = sensesOfHead(cedict(), toBytes(han.trim()))
    .map(cleanSense)
    .filter((sense) => sense.length > 0 && sense.split(' ').length <= MAX_SENSE_WORDS);
  return [...new Set(senses)].sort((a, b) => a.split(' ').length - b.split(' ').length).slice(0, MAX_RESULTS);
}

/** A short sense as its plain words: "to rename (a file)" → "rename"; null for a longer one. */
function plainSense(sense: string): string | null {
  const clean = cleanSense(sense);
  return clean.length > 0 && clean.split(' ').length <= MAX_SENSE_WORDS ? clean : null;
}

/**
 * Plain English sense → the headwords `keep` accepts (a corpus's words) that have it: a table to find, for a
 * question's word, the corpus's words of the same meaning. One pass over the dictionary, per corpus.
 */
export function sameSenseTable(keep: (han: string) => boolean): Map<string, string[]> {
  return finish(sameSenseTableSteps(keep, Infinity));
}

/** {@link sameSenseTable} in steps: it pauses after every `every` headwords. */
export function* sameSenseTableSteps(
  keep: (han: string) => boolean,
  every = 2_000,
): Generator<void, Map<string, string[]>, void> {
  const c = yield* cedictSteps();
  const first = firstOfHead(c);
  const table = new Map<string, string[]>();
  let count = 0;
  for (let e = 0; e < c.count; e++) {
    if (first[e] === 0) continue;
    if (++count % every === 0) yield;
    const han = fromBytes(headOf(c, e));
    if (!keep(han)) continue;
    for (const raw of sensesOfHead(c, headOf(c, e))) {
      const sense = plainSense(raw);
      if (sense === null) continue;
      const list = table.get(sense);
      if (!list) table.set(sense, [han]);
      else if (!list.includes(han)) list.push(han);
    }
  }
  return table;
}

/** The plain senses of a headword: 改名 → change name, rename. */
export function plainSensesOf(han: string): string[] {
  const out = new Set<string>();
  for (const raw of sensesOfHead(cedict(), toBytes(han.trim()))) {
    const sense = plainSense(raw);
    if (sense !== null) out.add(sense);
  }
  return [...out];
}
