import { Jieba } from '@node-rs/jieba';
import { readJiebaFile } from './lexicon/jiebaData.ts';
import { normalizeText } from './normalize.ts';

/**
 * The tokenizer: how text becomes index terms, and how a question becomes search units.
 *
 * Index side (`tokenize`): runs of Han/kana/Hangul become overlapping character bigrams (a run of one
 * character stays a unigram), so any word — a name jieba does not know, a product, a half-remembered
 * phrase — is found without a dictionary. Other letters and digits make word tokens ("gpt-4", "36.60",
 * "h100"), also indexed joined ("gpt4") and by parts ("gpt", "4"), and English words by a light stem too. A number or a one- or two-letter
 * token right before a Han character also yields a joined term ("2亿", "a轮") so amounts and rounds
 * match as units.
 *
 * The question side (question.ts) uses the same token pattern and bigrams.
 *
 * Bump TOKENIZER_VERSION whenever the terms produced for a text change: saved indexes carry it.
 */
export const TOKENIZER_VERSION = 4;

export const HAN = String.raw`\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Hangul}々〇ー`;
const WORD_CHAR = String.raw`[[\p{L}\p{N}\p{M}]--[${HAN}]]`;
const JOINER = String.raw`[.\-_+'&]`;
/** One match per token: group 1 a Han-like run, group 2 a word token. */
export const TOKEN_RE = new RegExp(String.raw`([${HAN}]+)|(${WORD_CHAR}+(?:${JOINER}${WORD_CHAR}+)*)`, 'gv');
export const JOINERS_RE = new RegExp(JOINER, 'gv');
export const SINGLE_HAN_RE = new RegExp(String.raw`^[${HAN}]$`, 'v');
const NUMBER_RE = /^\d+(?:\.\d+)?$/;

let jieba: Jieba | undefined;
export function segmenter(): Jieba {
  // jieba copies the dictionary into its own tables: the file's bytes are garbage once it has.
  jieba ??= Jieba.withDict(readJiebaFile('dict.txt'));
  return jieba;
}

export function pushBigrams(run: string, out: string[]): void {
  const chars = Array.from(run);
  if (chars.length === 1) {
    out.push(chars[0]!);
    return;
  }
  for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i]! + chars[i + 1]!);
}

/** The forms a word token is indexed under: itself, joined without punctuation, and its parts. */
export function wordForms(word: string): string[] {
  const forms = [word];
  const stem = stemOf(word);
  if (stem !== word) forms.push(stem);
  if (word.search(JOINERS_RE) >= 0) {
    const joined = word.replace(JOINERS_RE, '');
    if (joined) forms.push(joined);
    for (const part of word.split(JOINERS_RE)) if (part) forms.push(part);
  }
  return forms;
}

/**
 * A light English stem, so that "flips", "flipped" and "flipping" meet "flip", and "horizontally"
 * meets "horizontal": a few common endings off a word of letters only, never below four letters.
 * Indexed beside the word itself; questions look words up by both.
 */
export function stemOf(word: string): string {
  if (!/^[a-z]{5,}$/.test(word)) return word;
  let stem = word;
  for (const [ending, replacement] of STEM_ENDINGS) {
    if (stem.endsWith(ending) && stem.length - ending.length + replacement.length >= 4) {
      stem = stem.slice(0, stem.length - ending.length) + replacement;
      break;
    }
  }
  // change/changed/changing → chang; flipped → flip.
  if (stem.length >= 5 && stem.endsWith('e')) stem = stem.slice(0, -1);
  if (/([b-df-hj-np-tv-z])\1$/.test(stem) && !/(ss|ll)$/.test(stem)) stem = stem.slice(0, -1);
  return stem;
}

const STEM_ENDINGS: ReadonlyArray<readonly [string, string]> = [
  ['ically', 'ic'],
  ['ally', 'al'],
  ['ies', 'y'],
  ['ied', 'y'],
  ['sses', 'ss'],
  ['shes', 'sh'],
  ['ches', 'ch'],
  ['xes', 'x'],
  ['ing', ''],
  ['ed', ''],
  ['ly', ''],
  ['ss', 'ss'],
  ['s', ''],
];

/** Whether a word token may be glued to the Han character that follows it ("2亿", "a轮"). */
export function gluesToHan(word: string): boolean {
  return NUMBER_RE.test(word) || (word.length <= 2 && /^[a-z]+$/.test(word));
}

/** Index terms of a text, normalised (NFKC, lower case, simplified). Used for every indexed field. */
export function tokenize(text: string): string[] {
  return tokenizeNormalized(normalizeText(text));
}

/** Index terms of text that is already normalised (the index normalises each passage once). */
export function tokenizeNormalized(normalized: string): string[] {
  const terms: string[] = [];
  for (const m of normalized.matchAll(TOKEN_RE)) {
    if (m[1] !== undefined) {
      pushBigrams(m[1], terms);
    } else if (m[2] !== undefined) {
      const word = m[2];
      terms.push(...wordForms(word));
      const next = normalized.codePointAt(m.index + word.length);
      if (next !== undefined && gluesToHan(word) && SINGLE_HAN_RE.test(String.fromCodePoint(next))) {
        terms.push(word + String.fromCodePoint(next));
      }
    }
  }
  return terms;
}

/** Loads jieba's dictionary now (at start-up) rather than on the first question. */
export function warmUpTokenizer(): void {
  segmenter().cut('预热', false);
}
