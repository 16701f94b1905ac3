import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import { normalizeText } from './normalize.ts';
import { chineseFor } from './glossary.ts';
import { CHINESE_STOPWORDS, ENGLISH_STOPWORDS } from './stopwords.ts';

/**
 * The tokenizer: how text becomes index terms, and how a question becomes search units.
 *
 * Index side (`tokenize`): runs of Han/kana/Hangul become overlapping character bigrams (a run of one
 * character stays a unigram), so any word — a name jieba does not know, a product, a half-remembered
 * phrase — is found without a dictionary. Other letters and digits make word tokens ("gpt-4", "36.60",
 * "h100"), also indexed joined ("gpt4") and by parts ("gpt", "4"). A number or a one- or two-letter
 * token right before a Han character also yields a joined term ("2亿", "a轮") so amounts and rounds
 * match as units.
 *
 * Question side (`analyzeQuestion`): jieba segments the Han runs so that question words and function
 * words can be dropped and bigrams never straddle two words; single characters that jieba leaves
 * alone (as it does with unknown names: 贾/扬/清) are glued back to their neighbours.
 *
 * Bump TOKENIZER_VERSION whenever the terms produced for a text change: saved indexes carry it.
 */
export const TOKENIZER_VERSION = 2;

const HAN = String.raw`\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Hangul}々〇ー`;
const WORD_CHAR = String.raw`[[\p{L}\p{N}\p{M}]--[${HAN}]]`;
const JOINER = String.raw`[.\-_+'&]`;
/** One match per token: group 1 a Han-like run, group 2 a word token. */
const TOKEN_RE = new RegExp(String.raw`([${HAN}]+)|(${WORD_CHAR}+(?:${JOINER}${WORD_CHAR}+)*)`, 'gv');
const JOINERS_RE = new RegExp(JOINER, 'gv');
const SINGLE_HAN_RE = new RegExp(String.raw`^[${HAN}]$`, 'v');
const NUMBER_RE = /^\d+(?:\.\d+)?$/;

let jieba: Jieba | undefined;
function segmenter(): Jieba {
  jieba ??= Jieba.withDict(dict);
  return jieba;
}

function pushBigrams(run: string, out: string[]): void {
  const chars = Array.from(run);
  if (chars.length === 1) {
    out.push(chars[0]!);
    return;
  }
  for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i]! + chars[i + 1]!);
}

/** The forms a word token is indexed under: itself, joined without punctuation, and its parts. */
function wordForms(word: string): string[] {
  const forms = [word];
  if (word.search(JOINERS_RE) >= 0) {
    const joined = word.replace(JOINERS_RE, '');
    if (joined) forms.push(joined);
    for (const part of word.split(JOINERS_RE)) if (part) forms.push(part);
  }
  return forms;
}

/** Whether a word token may be glued to the Han character that follows it ("2亿", "a轮"). */
function gluesToHan(word: string): boolean {
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

/** One piece of a question's content: a word, a name, a number. */
export interface QueryUnit {
  /** The unit as it stands in the normalised question. */
  text: string;
  kind: 'han' | 'word';
  /**
   * Index terms that make up the unit. For a Han unit every bigram counts towards its coverage;
   * for a word unit any one of its forms is a match.
   */
  terms: string[];
  /** A single Han character: searched as a prefix of the bigrams that start with it. */
  prefix: boolean;
  /** For an English word, Chinese words a text may say it with (glossary.ts); any of them counts as the word. */
  translations?: readonly string[];
}

export interface AnalyzedQuestion {
  normalized: string;
  units: QueryUnit[];
  /** Every distinct search term of every unit. */
  terms: string[];
  /** The question asks who someone is or what they do (谁, 是干什么的, who is …). */
  asksIdentity: boolean;
}

const IDENTITY_RE = /是谁|谁是|是哪位|什么人|干什么的|做什么的|\bwho\b/;

/**
 * Question phrases that jieba may cut across ("是哪天宣布" → 是/哪/天宣布): removed before segmenting.
 * Only forms that cannot be content in a question are listed.
 */
const QUESTION_PHRASE_RE =
  /哪(?:一)?(?:天|年|月|日|里|儿|个|些|家|位|种|次|国|所|边|方面|部分)?|[干做](?:什么|啥)|什么(?:时候|样子?|地方|意思)?|多少(?:钱|个|人|次)?|为什么|为何|怎么(?:样|办|回事)?|怎样|如何|是否|是不是|有没有|能不能|会不会|是谁|谁是|请问|吗|呢|嘛|么/g;

function hanUnits(run: string): QueryUnit[] {
  const groups: string[] = [];
  let glued = false; // whether the last group may take the next word (no stopword in between)
  let singlesOpen = false; // whether the last group is made of single characters only
  const words = run
    .replace(QUESTION_PHRASE_RE, ' ')
    .split(' ')
    .flatMap((piece) => (piece ? [...segmenter().cut(piece, false), ' '] : [' ']));
  for (const word of words) {
    if (word === ' ' || CHINESE_STOPWORDS.has(word)) {
      glued = false;
      continue;
    }
    // Without its HMM, jieba leaves names it does not know as single characters (贾/扬/清, 王/小川):
    // consecutive single characters are glued together, and a lone one onto the word that follows it. A single
    // character after a word stays apart (a verb such as 写 or 说 is a stopword anyway).
    const single = Array.from(word).length === 1;
    if (glued && singlesOpen && (single || Array.from(groups.at(-1)!).length === 1)) {
      groups[groups.length - 1] += word;
    } else {
      groups.push(word);
    }
    singlesOpen = single;
    glued = true;
  }
  return groups.map((text) => {
    const terms: string[] = [];
    pushBigrams(text, terms);
    return { text, kind: 'han', terms, prefix: terms.length === 1 && Array.from(text).length === 1 };
  });
}

/** Splits a question into content units, dropping question words and stop words. */
export function analyzeQuestion(question: string): AnalyzedQuestion {
  const normalized = normalizeText(question);
  const units: QueryUnit[] = [];
  for (const m of normalized.matchAll(TOKEN_RE)) {
    if (m[1] !== undefined) {
      units.push(...hanUnits(m[1]));
    } else if (m[2] !== undefined) {
      const word = m[2];
      const next = normalized.codePointAt(m.index + word.length);
      const nextChar = next === undefined ? '' : String.fromCodePoint(next);
      const glued =
        gluesToHan(word) && SINGLE_HAN_RE.test(nextChar) && !CHINESE_STOPWORDS.has(nextChar) ? word + nextChar : null;
      if (ENGLISH_STOPWORDS.has(word)) {
        // "A轮": the article "a" is a stopword, the round is not.
        if (glued) units.push({ text: glued, kind: 'word', terms: [glued], prefix: false });
        continue;
      }
      const forms = wordForms(word).slice(0, word.search(JOINERS_RE) >= 0 ? 2 : 1);
      if (glued) forms.push(glued);
      const translations = chineseFor(word);
      if (translations.length === 0) {
        units.push({ text: word, kind: 'word', terms: forms, prefix: false });
      } else {
        // Searched by the translations' bigrams too; matched when the word or one translation is there.
        const bigrams: string[] = [];
        for (const t of translations) pushBigrams(t, bigrams);
        units.push({ text: word, kind: 'word', terms: [...forms, ...bigrams], prefix: false, translations });
      }
    }
  }
  // The same unit twice ("GPT-4 还是 GPT-4?") counts once.
  const seen = new Set<string>();
  const unique = units.filter((u) => !seen.has(u.text) && seen.add(u.text));
  return {
    normalized,
    units: unique,
    terms: [...new Set(unique.flatMap((u) => u.terms))],
    asksIdentity: IDENTITY_RE.test(normalized),
  };
}
