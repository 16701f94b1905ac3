import { generalIdf } from '../specificity.ts';
import stopwordList from './english-stopwords.json' with { type: 'json' };
import overrideList from './english-overrides.json' with { type: 'json' };
import { irregularBase, lemmaCandidates } from './english.ts';
import { cedict, cedictSteps, cleanSense, fromBytes } from './cedict.ts';
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
 * doubles the build time) but the senses in one string, searched with indexOf at lookup (a few MB, about a
 * millisecond), the senses found cleaned and weighed then, and the result remembered.
 */
interface EnglishIndex {
  /** The entries (cedictPack.ts): headwords by entry number. */
  cedict: Cedict;
  /** The entries' senses lower-cased: '|' + every sense + '|', cleaned at lookup. */
  text: string;
  /** Offset in `text` where each sense starts, ascending, and one past the end. */
  starts: Uint32Array;
  /** Per sense: the number of its entry. */
  entries: Uint32Array;
}

/** English words already looked up → their results; bounded by {@link MAX_REMEMBERED}. */
const remembered = new Map<string, readonly string[]>();
const MAX_REMEMBERED = 5_000;

let english: EnglishIndex | undefined;

/** A sense's weight: 6 when it IS the word (to flip), 4 for two words, 2 for three; one less if qualified (…). */
function senseWeight(words: number, qualified: boolean): number {
  return 2 * (MAX_SENSE_WORDS + 1 - words) - (qualified ? 1 : 0);
}

function englishIndexOf(c: Cedict): EnglishIndex {
  const entries = new Uint32Array(c.senseStarts.length - 1);
  for (let e = 0; e < c.count; e++) entries.fill(e, c.firstSense[e], c.firstSense[e + 1]);
  return { cedict: c, text: c.senses.toLowerCase(), starts: c.senseStarts, entries };
}

function buildEnglishIndex(): EnglishIndex {
  return englishIndexOf(cedict());
}

/** Builds the English → Chinese index in steps (see cedictSteps), unless it is built already. */
export function* warmUpDictionarySteps(): Generator<void, void, void> {
  if (english) return;
  const c = yield* cedictSteps();
  yield;
  english ??= englishIndexOf(c);
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
  english ??= buildEnglishIndex();
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
  const d = (english ??= buildEnglishIndex());
  const found = rankHeads(d, sensesHolding(d, key), MAX_RESULTS);
  if (remembered.size >= MAX_REMEMBERED) remembered.clear();
  remembered.set(key, found);
  return [...found];
}
