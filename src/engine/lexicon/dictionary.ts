import { generalIdf } from '../specificity.ts';
import stopwordList from './english-stopwords.json' with { type: 'json' };
import overrideList from './english-overrides.json' with { type: 'json' };
import { irregularBase, lemmaCandidates } from './english.ts';
import { cedict, cedictSteps, cleanSense, finish, fromBytes } from './cedict.ts';
import { headOf, type Cedict } from './cedictPack.ts';

/**
 * English → Chinese by CC-CEDICT (read by cedict.ts; licence there). Only short senses count
 * (at most MAX_SENSE_WORDS words once "to", articles, sb/sth and (…) asides drop out): a longer one is not
 * a main sense of any of its words. Two indexes, each built on its own first use: English word → the entries
 * with a short sense holding it (for English → Chinese), and headword → its short senses (Chinese → English).
 */

/** Most results a lookup returns by default. */
export const MAX_RESULTS = 6;
/**
 * Most results a lookup can return: the question's analysis keeps this many, ranked, so that a corpus's own
 * word is found even when rarer headwords rank before it (officially: 揭牌 … 正式).
 */
export const MAX_CANDIDATES = 24;
/** Senses of more words than this (after "to", articles and sb/sth drop out) are not indexed: not a main sense. */
export const MAX_SENSE_WORDS = 3;

const STOPWORDS: ReadonlySet<string> = new Set(stopwordList.words);

const OVERRIDES: ReadonlyMap<string, readonly string[]> = new Map(
  Object.entries(overrideList.words as Record<string, string[]>),
);

/**
 * English → Chinese, built on the first English lookup. Not a Map of English words (measured: building one
 * doubles the build time) but the senses in one string, and for each bucket of a hash of words the senses
 * that hold a word of that bucket: a lookup checks only the senses of the bucket of the word's rarest part
 * (indexOf within each), cleans and weighs those that hold it, and the result is remembered. Searching the
 * whole 4 MB string instead took ~3 ms per new word (a tenth of a burst's CPU in a load-test profile).
 */
export interface EnglishIndex {
  /** The entries (cedictPack.ts): headwords by entry number. */
  cedict: Cedict;
  /** The entries' senses lower-cased: '|' + every sense + '|', cleaned at lookup. */
  text: string;
  /** Offset in `text` where each sense starts, ascending, and one past the end. */
  starts: Uint32Array;
  /** Per sense: the number of its entry. */
  entries: Uint32Array;
  /** Where each word bucket's senses start in `bucketSenses`, and one past the end. */
  bucketStarts: Uint32Array;
  /** Per bucket, ascending and each once: the senses holding a run of letters a–z that hashes to it. */
  bucketSenses: Uint32Array;
}

/** How many word buckets (a power of two): 65,536 for the 46,904 distinct words of CC-CEDICT's senses (636,472 uses). */
const WORD_BUCKETS = 1 << 16;

/** English words already looked up → their results; bounded by {@link MAX_REMEMBERED}. */
const remembered = new Map<string, readonly string[]>();
const MAX_REMEMBERED = 5_000;

let english: EnglishIndex | undefined;

/** A sense's weight: 6 when it IS the word (to flip), 4 for two words, 2 for three; one less if qualified (…). */
function senseWeight(words: number, qualified: boolean): number {
  return 2 * (MAX_SENSE_WORDS + 1 - words) - (qualified ? 1 : 0);
}

function* englishIndexSteps(c: Cedict): Generator<void, EnglishIndex, void> {
  const entries = new Uint32Array(c.senseStarts.length - 1);
  for (let e = 0; e < c.count; e++) entries.fill(e, c.firstSense[e], c.firstSense[e + 1]);
  const text = c.senses.toLowerCase();
  yield;
  const { bucketStarts, bucketSenses } = yield* wordBucketSteps(text, c.senseStarts);
  return { cedict: c, text, starts: c.senseStarts, entries, bucketStarts, bucketSenses };
}

function buildEnglishIndex(): EnglishIndex {
  return finish(englishIndexSteps(cedict()));
}

/** Builds the English → Chinese index in steps (see cedictSteps), unless it is built already. */
export function* warmUpDictionarySteps(): Generator<void, void, void> {
  if (english) return;
  const c = yield* cedictSteps();
  yield;
  const built = yield* englishIndexSteps(c);
  english ??= built;
}

const isLower = (code: number): boolean => code >= 97 && code <= 122;

/** FNV-1a of text[from, to), reduced to a word bucket. */
function bucketOf(text: string, from: number, to: number): number {
  let h = 0x811c9dc5;
  for (let i = from; i < to; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0) & (WORD_BUCKETS - 1);
}

/** Calls `visit` with the start and end of each run of letters a–z in `text`. */
function eachLetterRun(text: string, from: number, to: number, visit: (start: number, end: number) => void): void {
  for (let i = from; i < to;) {
    if (!isLower(text.charCodeAt(i))) {
      i++;
      continue;
    }
    let j = i + 1;
    while (j < to && isLower(text.charCodeAt(j))) j++;
    visit(i, j);
    i = j;
  }
}

/**
 * The word buckets (see EnglishIndex): two passes over the senses, counting then filling, 5,000 senses per
 * step. A sense's run is filed under the sense that lookups map its position to.
 */
function* wordBucketSteps(
  text: string,
  starts: Uint32Array,
): Generator<void, { bucketStarts: Uint32Array; bucketSenses: Uint32Array }, void> {
  const senses = starts.length - 1;
  const bucketStarts = new Uint32Array(WORD_BUCKETS + 1);
  const lastSense = new Int32Array(WORD_BUCKETS).fill(-1);
  const STEP = 5_000;
  for (let first = 0; first < senses; first += STEP) {
    fileRuns(text, starts, first, Math.min(senses, first + STEP), lastSense, bucketStarts, null);
    yield;
  }
  for (let b = 0; b < WORD_BUCKETS; b++) bucketStarts[b + 1]! += bucketStarts[b]!;
  const bucketSenses = new Uint32Array(bucketStarts[WORD_BUCKETS]!);
  const cursor = bucketStarts.slice(0, WORD_BUCKETS);
  lastSense.fill(-1);
  for (let first = 0; first < senses; first += STEP) {
    fileRuns(text, starts, first, Math.min(senses, first + STEP), lastSense, cursor, bucketSenses);
    yield;
  }
  return { bucketStarts, bucketSenses };
}

/**
 * Files senses [first, end) under the buckets of their runs of letters, once per bucket and sense: without
 * `into`, counts them at `at[bucket + 1]`; with it, writes each sense at `at[bucket]` and moves that on.
 * A plain loop, not eachLetterRun's callback nor inside the generator: both ran slower over 0.6 million runs.
 */
function fileRuns(
  text: string,
  starts: Uint32Array,
  first: number,
  end: number,
  lastSense: Int32Array,
  at: Uint32Array,
  into: Uint32Array | null,
): void {
  for (let sense = first; sense < end; sense++) {
    const to = senseTo(text, starts, sense);
    for (let i = senseFrom(starts, sense); i < to;) {
      let code = text.charCodeAt(i);
      if (!isLower(code)) {
        i++;
        continue;
      }
      // bucketOf, inlined (calling it: ~30 % slower); the bucket test compares lookups with a full scan.
      let h = 0x811c9dc5;
      do {
        h = Math.imul(h ^ code, 0x01000193);
        code = text.charCodeAt(++i);
      } while (i < to && isLower(code));
      const b = (h >>> 0) & (WORD_BUCKETS - 1);
      if (lastSense[b] === sense) continue;
      lastSense[b] = sense;
      if (into) into[at[b]!++] = sense;
      else at[b + 1]!++;
    }
  }
}

/** Where the text of sense `sense` begins, as lookups count it: the first sense takes any text before it. */
function senseFrom(starts: Uint32Array, sense: number): number {
  return sense === 0 ? 0 : starts[sense]!;
}

/** Where the text of sense `sense` ends: the last sense takes the rest of the text. */
function senseTo(text: string, starts: Uint32Array, sense: number): number {
  return sense === starts.length - 2 ? text.length : starts[sense + 1]!;
}

/** The senses holding `word` (or a phrase of words) as whole words, as packed (entry, weight) pairs. */
export function sensesHolding(d: EnglishIndex, word: string): number[] {
  // The senses of the bucket of the word's rarest run of letters: any whole-word use of the word has each
  // of its runs as a whole run of the text (the word starts and ends with a letter, bounded by non-letters).
  let from = 0;
  let to = -1;
  eachLetterRun(word, 0, word.length, (start, end) => {
    const b = bucketOf(word, start, end);
    if (to < 0 || d.bucketStarts[b + 1]! - d.bucketStarts[b]! < to - from)
      [from, to] = [d.bucketStarts[b]!, d.bucketStarts[b + 1]!];
  });
  if (to < 0) return sensesHoldingByScan(d, word);
  const found: number[] = [];
  for (let k = from; k < to; k++) {
    const sense = d.bucketSenses[k]!;
    const start = senseFrom(d.starts, sense);
    const end = senseTo(d.text, d.starts, sense) - start;
    // The search is bounded by the sense's end (the text after it may run on: a use starting in the sense).
    const own = d.text.slice(start, start + end + word.length);
    for (let at = own.indexOf(word); at >= 0 && at < end; at = own.indexOf(word, at + 1)) {
      if (!wholeWordAt(d.text, start + at, word.length)) continue;
      const packed = senseHoldingWord(d, sense, word);
      if (packed !== null) found.push(packed);
      break;
    }
  }
  return found;
}

/**
 * {@link sensesHolding} by searching the whole text: each use of the word, the sense it is in, once per
 * sense. What the buckets must find; tests compare the two.
 */
export function sensesHoldingByScan(d: EnglishIndex, word: string): number[] {
  const found: number[] = [];
  let last = -1;
  for (let at = d.text.indexOf(word); at >= 0; at = d.text.indexOf(word, at + 1)) {
    if (!wholeWordAt(d.text, at, word.length)) continue;
    let lo = 0;
    let hi = d.entries.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (d.starts[mid]! <= at) lo = mid;
      else hi = mid - 1;
    }
    if (lo === last) continue;
    last = lo;
    const packed = senseHoldingWord(d, lo, word);
    if (packed !== null) found.push(packed);
  }
  return found;
}

function wholeWordAt(text: string, at: number, length: number): boolean {
  return !isLower(text.charCodeAt(at - 1)) && !isLower(text.charCodeAt(at + length));
}

/** The sense as a packed (entry, weight) pair when the word is one of its own words, else null. */
function senseHoldingWord(d: EnglishIndex, sense: number, word: string): number | null {
  const text = d.text.slice(d.starts[sense], d.starts[sense + 1]! - 1);
  const words = cleanSense(text).split(' ');
  // The word must be one of the sense's own words, not only in an aside: "(to flip) a page" is not flip;
  // a phrase ("share price"), its words in a row.
  if (words.length > MAX_SENSE_WORDS || !` ${words.join(' ')} `.includes(` ${word} `)) return null;
  return d.entries[sense]! * 8 + senseWeight(words.length, /[([]/.test(text));
}

/** The English → Chinese index, built now if it is not yet. */
export function englishIndex(): EnglishIndex {
  return (english ??= buildEnglishIndex());
}

/**
 * The headwords holding an English word, ranked: the weight of the best sense holding it, then words of
 * two or more characters before single characters, then common words first (jieba's IDF: 创始人 before
 * 创立者), then shorter.
 */
function rankHeads(d: EnglishIndex, packed: readonly number[], limit = MAX_CANDIDATES): string[] {
  const best = new Map<number, number>();
  for (const p of packed) best.set(Math.floor(p / 8), Math.max(best.get(Math.floor(p / 8)) ?? 0, p % 8));
  const out = new Set<string>();
  // Weight by weight, best first; only the tiers that fill the results are decoded and ranked by IDF.
  for (let weight = 7; weight > 0 && out.size < limit; weight--) {
    const tier = [...best].filter(([, w]) => w === weight).map(([i]) => fromBytes(headOf(d.cedict, i)));
    // A single character has many senses (省 "to save; to omit; to delete; province"): words first.
    const ranked = tier.map((head) => ({ head, single: head.length === 1 ? 1 : 0, idf: generalIdf(head) }));
    ranked.sort((a, b) => a.single - b.single || a.idf - b.idf || a.head.length - b.head.length);
    // One headword may have several entries (readings): the Set keeps it once.
    for (const { head } of ranked) if (out.size < limit) out.add(head);
  }
  return [...out];
}

/**
 * Builds the English → Chinese index now rather than on the first English question (see
 * tooling/lexiconBench.ts for its cost). Chinese → English (chineseEnglish.ts) builds on its own first use.
 */
export function warmUpDictionary(): void {
  englishIndex();
}

/**
 * Simplified Chinese headwords whose main sense is this English word, most central and common first, at
 * most `limit` (up to {@link MAX_CANDIDATES}): flip → 翻转, 翻 …; founder → 创始人 …. Stop words and unknown
 * words give [].
 */
export function englishToChinese(word: string, limit = MAX_RESULTS): string[] {
  const candidates = lemmaCandidates(word.trim());
  const own = candidates[0] ?? '';
  if (!/^[a-z][a-z'-]*$/.test(own) || STOPWORDS.has(own)) return [];
  for (const c of candidates) {
    const override = OVERRIDES.get(c);
    if (override !== undefined) return override.slice(0, limit);
  }
  const key = candidates[0]!;
  const known = remembered.get(key);
  if (known !== undefined) return known.slice(0, limit);
  const d = englishIndex();
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
  return found.slice(0, limit);
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
  const d = englishIndex();
  const found = rankHeads(d, sensesHolding(d, key), MAX_RESULTS);
  if (remembered.size >= MAX_REMEMBERED) remembered.clear();
  remembered.set(key, found);
  return [...found];
}
