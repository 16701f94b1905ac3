import { MAX_CANDIDATES, MAX_RESULTS, englishToChinese } from './lexicon/dictionary.ts';
import {
  ANSWER_TYPE_PATTERNS,
  CHINESE_STOPWORDS,
  ENGLISH_STOPWORDS,
  META_PATTERNS,
  META_WORDS_RE,
  QUESTION_PHRASE_RE,
  SELF_REFERENCE_RE,
  SURNAMES,
  type AnswerType,
  type MetaIntent,
  ANSWER_TYPE_WORDS,
} from './lexicon/index.ts';
import { normalizeQuestion, normalizeText } from './normalize.ts';
import { UNKNOWN_WORD_IDF, generalIdf } from './specificity.ts';
import { mainlandWording } from './taiwanWording.ts';
import {
  JOINERS_RE,
  SINGLE_HAN_RE,
  TOKEN_RE,
  gluesToHan,
  pushBigrams,
  segmenter,
  stemOf,
  wordForms,
} from './tokenize.ts';

/**
 * Question side of the tokenizer: jieba segments the Han runs so that question words, function words
 * and chat fillers can be dropped and bigrams never straddle two words; single characters that jieba
 * leaves alone (as it does with unknown names: 贾/扬/清) are glued back to their neighbours. The
 * question's shape says what kind of answer it wants (a time, an amount, a person …) and whether it is
 * about the document itself (who wrote it, what it concludes).
 */

/** Another form of a unit that counts as the unit, for less when `credit` < 1. */
export interface Alternative {
  text: string;
  /** Index terms of the form (bigrams of a Han form, the word itself for a Latin one). */
  terms: string[];
  /** 0–1: how much a match of this form counts. */
  credit: number;
  via: 'translation' | 'romanised' | 'sound' | 'meaning' | 'synonym';
  /** A translation past the dictionary's first few (see MAX_RESULTS): it matches, but says nothing of the word's weight. */
  lowRanked?: true;
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
  /**
   * A name (a person, company, product, place) rather than what is asked about it. Names find the
   * passages; the rest of the question (its focus) says whether a passage answers.
   */
  name: boolean;
  /** Other forms that count as this unit (translations, romanised names, sound-alikes, synonyms). */
  alternatives: Alternative[];
  /**
   * How specific an English word is in general, from its dictionary translations (the most common
   * one's jieba IDF: new → 新 says little, founder → 创始人 much), kept when the corpus uses none of them.
   */
  generalIdf?: number;
}

export interface AnalyzedQuestion {
  normalized: string;
  units: QueryUnit[];
  /** Every distinct search term of every unit and of their alternatives. */
  terms: string[];
  /** The question asks who someone is or what they do (谁, 是干什么的, who is …). */
  asksIdentity: boolean;
  /** The kind of answer asked for, when the question says (多少 → an amount, 哪年 → a time …). */
  asks: AnswerType | null;
  /** The question is about the document itself: its author, its publisher, its conclusion. */
  meta: MetaIntent | null;
}

const IDENTITY_RE = /是谁|谁是|是哪位|什么人|干什么的|做什么的|\bwho (?:is|was|are)\b/u;
/** jieba's part-of-speech tags for names of people, places, organisations and other proper nouns. */
const NAME_TAGS = new Set(['nr', 'nrt', 'nrfg', 'ns', 'nt', 'nz']);
/**
 * Tags of a lone character that stays apart from the word after it unless it is a surname: verbs (看 +
 * 硬盘), plain nouns (人 + 登录), measure words (台 + 服务器), numerals, pronouns, prepositions, locatives.
 */
const LONE_APART_TAG = /^(?:v|n$|q|m|r|p|f)/;

function hanUnits(run: string): QueryUnit[] {
  const groups: Array<{ text: string; name: boolean; tag: string }> = [];
  let glued = false; // whether the last group may take the next word (no stopword in between)
  let singlesOpen = false; // whether the last group is made of single characters only
  const words = run
    .replace(QUESTION_PHRASE_RE, ' ')
    .split(' ')
    .flatMap((piece) =>
      piece ? [...segmenter().tag(piece, false), { word: ' ', tag: 'x' }] : [{ word: ' ', tag: 'x' }],
    );
  for (const { word, tag } of words) {
    if (word === ' ' || CHINESE_STOPWORDS.has(word)) {
      glued = false;
      continue;
    }
    // Without its HMM, jieba leaves names it does not know as single characters (贾/扬/清, 王/小川):
    // consecutive single characters are glued together, and a lone one onto the word that follows it
    // (王 + 小川, 大 + 模型), unless it is no surname and has a LONE_APART_TAG (看 + 硬盘, 台 + 服务器 stay apart). A single
    // character after a word stays apart (写, 说 are stopwords anyway).
    const single = Array.from(word).length === 1;
    const last = groups.at(-1);
    const loneGlues =
      last !== undefined &&
      Array.from(last.text).length === 1 &&
      (SURNAMES.single.has(last.text) || !LONE_APART_TAG.test(last.tag));
    if (last && glued && singlesOpen && (single || loneGlues)) {
      last.text += word;
      last.name = true;
    } else {
      groups.push({ text: word, name: NAME_TAGS.has(tag), tag });
    }
    singlesOpen = single;
    glued = true;
  }
  return groups.map(({ text, name }) => {
    const terms: string[] = [];
    pushBigrams(text, terms);
    const length = Array.from(text).length;
    return {
      text,
      kind: 'han',
      terms,
      prefix: terms.length === 1 && length === 1,
      // Glued single characters, a proper noun, or two characters and more that no dictionary knows.
      name: (name && length >= 2) || (length >= 2 && generalIdf(text) === UNKNOWN_WORD_IDF),
      alternatives: [],
    };
  });
}

function wordUnit(word: string, forms: string[]): QueryUnit {
  // The longer ranked list: the corpus's own words among them are kept (expand.ts), the first few say how
  // specific the word is.
  const translations = englishToChinese(word, MAX_CANDIDATES);
  const alternatives: Alternative[] = translations.map((t, rank) => {
    const terms: string[] = [];
    pushBigrams(t, terms);
    const alternative: Alternative = { text: t, terms, credit: 1, via: 'translation' };
    if (rank >= MAX_RESULTS) alternative.lowRanked = true;
    return alternative;
  });
  // A word with a digit or joiner (gpt-4, a100, 36.60) or one no dictionary translates is a name.
  const name = /\d/.test(word) || word.search(JOINERS_RE) >= 0 || translations.length === 0;
  const unit: QueryUnit = { text: word, kind: 'word', terms: forms, prefix: false, name, alternatives };
  if (translations.length > 0) unit.generalIdf = Math.min(...translations.slice(0, MAX_RESULTS).map(generalIdf));
  return unit;
}

function metaIntentOf(normalized: string, units: readonly QueryUnit[]): MetaIntent | null {
  const intent = META_PATTERNS.find(([, re]) => re.test(normalized))?.[0] ?? null;
  if (intent === null) return null;
  if (SELF_REFERENCE_RE.test(normalized)) return intent;
  // "作者是谁": nothing but meta words — still about the document.
  const rest = normalized.replace(META_WORDS_RE, ' ');
  return units.every((u) => !rest.includes(u.text)) ? intent : null;
}

function withMainlandWording(unit: QueryUnit): void {
  if (unit.kind !== 'han' || Array.from(unit.text).length < 2) return;
  const mainland = normalizeText(mainlandWording(unit.text));
  if (mainland === unit.text || mainland.length === 0) return;
  const terms: string[] = [];
  pushBigrams(mainland, terms);
  unit.alternatives.push({ text: mainland, terms, credit: 1, via: 'synonym' });
}

/** Splits a question into content units, dropping question words, fillers and stop words. */
export function analyzeQuestion(question: string): AnalyzedQuestion {
  const { text: normalized, traditional } = normalizeQuestion(question);
  const units: QueryUnit[] = [];
  for (const m of normalized.matchAll(TOKEN_RE)) {
    if (m[1] !== undefined) {
      units.push(...hanUnits(m[1]));
    } else if (m[2] !== undefined) {
      // "Lee's", "bowen's": the possessive is not part of the name.
      const word = m[2].replace(/'s$/, '');
      const next = normalized.codePointAt(m.index + m[2].length);
      const nextChar = next === undefined ? '' : String.fromCodePoint(next);
      const glued =
        gluesToHan(word) && SINGLE_HAN_RE.test(nextChar) && !CHINESE_STOPWORDS.has(nextChar) ? word + nextChar : null;
      if (ENGLISH_STOPWORDS.has(word)) {
        // "A轮": the article "a" is a stopword, the round is not.
        if (glued)
          units.push({ text: glued, kind: 'word', terms: [glued], prefix: false, name: false, alternatives: [] });
        continue;
      }
      const forms = [...new Set([...wordForms(word).slice(0, word.search(JOINERS_RE) >= 0 ? 2 : 1), stemOf(word)])];
      if (glued) forms.push(glued);
      units.push(wordUnit(word, forms));
    }
  }
  // The same unit twice ("GPT-4 还是 GPT-4?") counts once.
  const seen = new Set<string>();
  const unique = units.filter((u) => !seen.has(u.text) && seen.add(u.text));
  // A question in traditional script may use Taiwan's words for things (使用者, 档案, 程式): the mainland
  // word counts as the word itself.
  if (traditional) for (const unit of unique) withMainlandWording(unit);
  const asks = answerTypeOf(normalized, unique);
  // "What's the name of …", 叫什么名字, 多大年纪: the word for the kind of answer is checked as that kind.
  const typeWords = asks === null ? null : ANSWER_TYPE_WORDS.get(asks);
  const content = typeWords ? unique.filter((u) => !typeWords.has(u.text)) : unique;
  const kept = content.length > 0 ? content : unique;
  return {
    normalized,
    units: kept,
    terms: termsOf(kept),
    asksIdentity: IDENTITY_RE.test(normalized),
    asks,
    meta: metaIntentOf(normalized, unique),
  };
}

/** 多大 asks a person's age, but a thing's size ("训练数据有多大"); other age words (几岁, 年纪) ask an age only. */
const AGE_OR_SIZE = '多大';
const ONLY_AGE = /几岁|多少岁|年纪|年龄|今年多大|how old|what age/u;

/** Whether a unit reads as a person's name: a Han name starting with a surname, or a two-word Latin name. */
function looksLikePerson(unit: QueryUnit): boolean {
  if (!unit.name) return false;
  if (unit.kind === 'word') return /^[a-z]+[ -][a-z]+$/.test(unit.text);
  const chars = Array.from(unit.text);
  const surname = SURNAMES.compound.some((c) => unit.text.startsWith(c)) || SURNAMES.single.has(chars[0]!);
  return surname && chars.length >= 2 && chars.length <= 4;
}

/** What kind of answer the question asks for; 多大 of something that is no person asks for an amount (a size). */
function answerTypeOf(normalized: string, units: readonly QueryUnit[]): AnswerType | null {
  const asks = ANSWER_TYPE_PATTERNS.find(([, re]) => re.test(normalized))?.[0] ?? null;
  if (asks !== 'age' || ONLY_AGE.test(normalized) || !normalized.includes(AGE_OR_SIZE)) return asks;
  return units.some(looksLikePerson) ? 'age' : 'amount';
}

/** Every distinct search term of the units and their alternatives. */
export function termsOf(units: readonly QueryUnit[]): string[] {
  return [...new Set(units.flatMap((u) => [...u.terms, ...u.alternatives.flatMap((a) => a.terms)]))];
}
