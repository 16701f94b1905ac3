import { MAX_RESULTS, MAX_SENSE_WORDS } from './dictionary.ts';
import { cleanSense, finish, fromBytes, ownCopy, scanSteps, toBytes } from './cedict.ts';

/**
 * Chinese → English by CC-CEDICT (see dictionary.ts for the data and its licence): headword → its short
 * senses, built on first use; and, per corpus, the words that share a plain sense (改名 and 重命名 are
 * both "to rename"), for questions in other words than the corpus's.
 */

/** Headword (latin1 view of UTF-8) → short senses joined by '|'; built on first use. */
let chinese: Map<string, string> | undefined;

function buildChineseIndex(): Map<string, string> {
  return finish(chineseIndexSteps(Infinity));
}

function* chineseIndexSteps(every?: number): Generator<void, Map<string, string>, void> {
  const byHead = new Map<string, string>();
  yield* scanSteps((head, senses) => {
    const known = byHead.get(head);
    const joined = senses.join('|');
    byHead.set(ownCopy(head), known === undefined ? joined : `${known}|${joined}`);
  }, every);
  return byHead;
}

/** Builds the Chinese → English index in steps (see scanSteps), unless it is built already. */
export function* warmUpChineseSteps(): Generator<void, void, void> {
  if (chinese) return;
  const built = yield* chineseIndexSteps();
  chinese ??= built;
}

/** Short English senses of a simplified headword, fewest words first: 翻转 → flip, roll, invert, turn over. */
export function chineseToEnglish(han: string): string[] {
  chinese ??= buildChineseIndex();
  const joined = chinese.get(toBytes(han.trim()));
  if (joined === undefined) return [];
  const senses = joined
    .split('|')
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
  yield* warmUpChineseSteps();
  const table = new Map<string, string[]>();
  let count = 0;
  for (const [bytes, joined] of chinese ?? new Map<string, string>()) {
    if (++count % every === 0) yield;
    const han = fromBytes(bytes);
    if (!keep(han)) continue;
    for (const raw of joined.split('|')) {
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
  chinese ??= buildChineseIndex();
  const joined = chinese.get(toBytes(han.trim()));
  if (joined === undefined) return [];
  const out = new Set<string>();
  for (const raw of joined.split('|')) {
    const sense = plainSense(raw);
    if (sense !== null) out.add(sense);
  }
  return [...out];
}
