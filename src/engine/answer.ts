import { performance } from 'node:perf_hooks';
import { UserFacingError } from '../errors.ts';
import { normalizeWithMap, stripInvisible } from './normalize.ts';
import { sentenceEnds } from './passages.ts';
import {
  documentFrequency,
  indexTerm,
  normalizedText,
  type NormalizedPassage,
  type NormalizedText,
  type SearchIndex,
} from './searchIndex.ts';
import { UNKNOWN_WORD_IDF, generalIdf } from './specificity.ts';
import { analyzeQuestion, type AnalyzedQuestion, type QueryUnit } from './tokenize.ts';
import type { Answer, AnswerPassage, Citation } from './types.ts';

/** How a question is answered. */
export interface AnswerOptions {
  /** How many passages to return at most. Default 3 (1–10 in the CLI, 1–5 in Discord). */
  top: number;
  /** Skip this many of the best passages ("More" in Discord). Default 0. */
  offset: number;
  /**
   * The share of the question's content (weighted by rarity, 0–1) the best passage must contain for
   * the question to count as answered. Below it the answer is "not in the corpus". Default 0.5,
   * chosen on the evaluation sets (see README).
   */
  minCoverage: number;
  /**
   * The best passage must also match this much weight in absolute terms (a specific word weighs about
   * 10, a common one about 5, less when the corpus uses it everywhere): a question whose only match is
   * one common word (怎么学习JavaScript → 学习) is not answered. Default 6.5.
   */
  minMatchedWeight: number;
  /** How much BM25 (relative to the best result) adds to coverage in the ranking score. Default 0.25. */
  bm25Weight: number;
  /** Credit for a term found only in the passage before (same document), 0–1. Default 0.3. */
  contextCredit: number;
  /** Credit for a word none of whose bigrams but some of whose characters a passage has, 0–1. Default 0.2. */
  charCredit: number;
  /** How many BM25 results are re-ranked by coverage. Default 200. */
  candidates: number;
  /** Passages after the first must cover at least this share of what the first covers. Default 0.35. */
  relativeCoverage: number;
  /** Longest question accepted, in characters. Default 1,000. */
  maxQuestionChars: number;
}

export const defaultAnswerOptions: Readonly<AnswerOptions> = Object.freeze({
  top: 3,
  offset: 0,
  minCoverage: 0.4,
  relativeCoverage: 0.35,
  minMatchedWeight: 6.5,
  bm25Weight: 0.25,
  candidates: 200,
  contextCredit: 0.5,
  charCredit: 0.5,
  maxQuestionChars: 1_000,
});

/** Rarity of a term in this corpus: BM25's idf, so a term in every passage weighs almost nothing. */
function corpusIdf(index: SearchIndex, df: number): number {
  const n = index.passages.length;
  return Math.log(1 + (n - df + 0.5) / (df + 0.5));
}

interface WeightedUnit {
  unit: QueryUnit;
  weight: number;
}

/**
 * Weighs each unit of the question: how specific the word is in general Chinese (jieba's IDF), scaled
 * down to half for a word that occurs in every passage of this corpus. So 以前 or 需要 weigh little
 * whether the corpus has them or not, and a name or a rare word decides.
 */
function weighUnits(index: SearchIndex, question: AnalyzedQuestion, dfOf: (term: string) => number): WeightedUnit[] {
  const maxIdf = corpusIdf(index, 0);
  // In a Chinese corpus, an English word it never uses ("electricity", "Kai-Fu") in a question that is
  // partly Chinese is most likely the asker's wording for what the Chinese part names: it counts, but
  // less. In a wholly English question it counts fully: there an unknown word is often the very thing
  // asked about ("Who founded SenseTime?"), and the corpus not having it means it cannot answer.
  const discountForeign = index.hanShare() >= 0.5 && question.units.some((u) => u.kind === 'han');
  return question.units.map((unit) => {
    const general = specificity(unit) * (unit.prefix ? 0.5 : 1);
    if (unit.prefix) return { unit, weight: general };
    const df = Math.max(...unit.terms.map(dfOf));
    const weight = general * (0.5 + (0.5 * corpusIdf(index, df)) / maxIdf);
    // (df counts a glossary translation's bigrams too: a word the corpus says in Chinese is not discounted.)
    const translated = discountForeign && unit.kind === 'word' && df === 0 && /^[a-z]{3,}$/.test(unit.text);
    return { unit, weight: translated ? weight * ABSENT_FOREIGN_WORD_FACTOR : weight };
  });
}

const SMALL_NUMBER_IDF = 3;
const LIKELY_NAME_IDF = 9;

/**
 * How specific a unit is in general: jieba's IDF for a word it knows. Characters glued together
 * (a name such as 贾扬清, or a phrase such as 变高) weigh what their characters weigh on average, and
 * a bit more from three characters on, as names are.
 */
function specificity(unit: QueryUnit): number {
  // "1", "60": a number of one or two digits says little on its own (a year or an amount says more).
  if (unit.kind === 'word' && /^\d{1,2}$/.test(unit.text) && unit.terms.length === 1) return SMALL_NUMBER_IDF;
  // An English word with Chinese equivalents is as specific as they are.
  if (unit.translations?.length) return Math.max(...unit.translations.map(generalIdf));
  const known = generalIdf(unit.text);
  if (unit.kind === 'word' || known !== UNKNOWN_WORD_IDF) return known;
  const chars = Array.from(unit.text);
  if (chars.length < 2) return known;
  const mean = chars.reduce((sum, c) => sum + generalIdf(c), 0) / chars.length;
  // Three characters or more that no dictionary knows are most often a name (王小川, 汤晓鸥).
  return chars.length >= 3 ? Math.min(UNKNOWN_WORD_IDF, Math.max(LIKELY_NAME_IDF, mean * 1.3)) : mean;
}

/** The weight kept by an English word that a mostly-Chinese corpus never uses. */
const ABSENT_FOREIGN_WORD_FACTOR = 0.4;

/** Whether a term is in a text: 1 when it is, 0 when not; a match in a passage's surroundings may count less. */
type Presence = (term: string, word: boolean) => number;

/** Share of a unit present, given how present each of its terms is. */
function unitPresence(unit: QueryUnit, has: Presence, charCredit: number): number {
  if (unit.kind === 'word') {
    const own = Math.max(...unit.terms.filter((t) => !HAN_CHAR.test(t)).map((t) => has(t, true)));
    return Math.max(own, ...(unit.translations ?? []).map((t) => has(t, false)));
  }
  let found = 0;
  for (const t of unit.terms) found += has(t, false);
  const share = found / unit.terms.length;
  if (share === 1 || charCredit === 0) return share;
  // A paraphrase often keeps a character of the word (变高 ~ 拉高, 辞职 ~ 离职): some credit for that.
  // (Measured: limiting this to two-character words lost more right answers than it saved abstentions.)
  const chars = Array.from(unit.text);
  let charsFound = 0;
  for (const c of chars) charsFound += has(c, false);
  // At least half the characters: one character of 龙井茶 in 普洱茶 is chance, two of 贾杨清 a typo.
  return charsFound * 2 >= chars.length ? Math.max(share, (charCredit * charsFound) / chars.length) : share;
}

function coverageOf(units: readonly WeightedUnit[], has: Presence, charCredit = 0): number {
  let total = 0;
  let covered = 0;
  for (const { unit, weight } of units) {
    total += weight;
    covered += weight * unitPresence(unit, has, charCredit);
  }
  return total === 0 ? 0 : covered / total;
}

function contains(text: NormalizedText, term: string, word: boolean): boolean {
  return word ? text.words().has(term) : text.text.includes(term);
}

/** Presence in a normalised text: Han terms anywhere, word terms as whole words (not "ai" in "openai"). */
function textHas(text: NormalizedText): Presence {
  return (term, word) => (contains(text, term, word) ? 1 : 0);
}

/**
 * A term found only in the passage's section, title or byline counts this much — and only when the
 * document's text never uses it (an author's name, a title word): then "郝鑫的文章" finds the document,
 * while a name that is also in the title does not make every passage look like it is about that person.
 */
const META_MATCH_CREDIT = 0.7;

function passageHas(passage: NormalizedPassage, previous: NormalizedPassage | null, contextCredit: number): Presence {
  return (term, word) => {
    if (contains(passage.body, term, word)) return 1;
    if (contains(passage.meta, term, word) && !contains(passage.document, term, word)) return META_MATCH_CREDIT;
    // "这些公司…", "前者…": a passage often goes on from the one before it, which names what it is about.
    return previous && contains(previous.body, term, word) ? contextCredit : 0;
  };
}

/** The first normalised offset whose source offset is at or after `offset` (map is non-decreasing). */
function normalizedOffset(map: readonly number[], offset: number): number {
  let lo = 0;
  let hi = map.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (map[mid]! < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The sentence of the passage that covers most of the question (earliest on a tie). Sentences are
 * cut from the passage normalised once (`normalized`, with its offset map), not normalised one by one.
 */
function bestSentence(
  text: string,
  normalized: { text: string; map: number[] },
  units: readonly WeightedUnit[],
): { start: number; end: number } {
  let best = { start: 0, end: text.length };
  let bestScore = -1;
  let start = 0;
  for (const end of sentenceEnds(text)) {
    const sentence = text.slice(start, end);
    if (sentence.trim() !== '') {
      const slice = normalized.text.slice(
        normalizedOffset(normalized.map, start),
        normalizedOffset(normalized.map, end),
      );
      const score = coverageOf(units, textHas(normalizedText(slice)));
      if (score > bestScore) {
        bestScore = score;
        best = { start, end };
      }
    }
    start = end;
  }
  // Leading white space (a newline between paragraphs) is not part of the sentence.
  while (best.start < best.end && /\s/.test(text[best.start]!)) best.start++;
  return best;
}

const LATIN_WORD_CHAR = /[\p{L}\p{N}]/u;
const HAN_CHAR = /\p{sc=Han}/u;

/** Whether the match at [at, end) of a word term stands alone (not "gpt" inside "chatgpt"). */
function isWholeWord(text: string, at: number, end: number): boolean {
  const latin = (c: string | undefined): boolean => c !== undefined && LATIN_WORD_CHAR.test(c) && !HAN_CHAR.test(c);
  return !latin(text[at - 1]) && !latin(text[end]);
}

/** Ranges of the verbatim text where the question's terms occur, merged. */
function highlightRanges(
  text: string,
  normalized: { text: string; map: number[] },
  units: readonly QueryUnit[],
): Array<{ start: number; end: number }> {
  const { text: norm, map } = normalized;
  const ranges: Array<{ start: number; end: number }> = [];
  for (const unit of units) {
    for (const term of unit.terms) {
      if (!term) continue;
      for (let at = norm.indexOf(term); at >= 0; at = norm.indexOf(term, at + 1)) {
        if (unit.kind === 'word' && !isWholeWord(norm, at, at + term.length)) continue;
        ranges.push({ start: map[at]!, end: map[at + term.length] ?? text.length });
      }
    }
  }
  ranges.sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: Array<{ start: number; end: number }> = [];
  for (const r of ranges) {
    const last = merged.at(-1);
    if (last && r.start <= last.end) last.end = Math.max(last.end, r.end);
    else merged.push({ ...r });
  }
  return merged;
}

export function citationOf(index: SearchIndex, passageOrdinal: number): Citation {
  const p = index.passages[passageOrdinal]!;
  const doc = index.documents.get(p.docId);
  return {
    docId: p.docId,
    title: doc?.title ?? p.docId,
    author: doc?.author ?? null,
    section: p.section,
    paragraphs: p.paragraphs,
    url: doc?.url ?? null,
  };
}

/**
 * News copy introduces people by their role right before the name: 原美团联合创始人王慧文, 前搜狗CEO王小川,
 * 港中大的教授汤晓鸥. For "X是谁?" the passage that does so is the answer, more than any other that
 * merely mentions X.
 */
const ROLE_BEFORE_NAME =
  /(?:创始人|创办人|联合创始人|ceo|cto|副总裁|总裁|掌门人|教授|合伙人|董事长|总经理|负责人|科学家|研究员|院长|主席|作者|记者|总监|校长|博士)$/;
const IDENTITY_BONUS = 0.15;

function introducesName(body: string, analyzed: AnalyzedQuestion): boolean {
  for (const unit of analyzed.units) {
    if (unit.kind !== 'han' || Array.from(unit.text).length < 2) continue;
    for (let at = body.indexOf(unit.text); at >= 0; at = body.indexOf(unit.text, at + 1)) {
      if (ROLE_BEFORE_NAME.test(body.slice(Math.max(0, at - 6), at))) return true;
    }
  }
  return false;
}

/** A term in more passages than this share is left out of the search (not of coverage) in a large corpus. */
const COMMON_TERM_SHARE = 0.05;
const LARGE_CORPUS = 2_000;

/**
 * The passages worth scoring, with their BM25 scores: those that share terms with the question, and
 * the first passages of documents whose title, author or publisher match. In a large corpus, terms in
 * more than 5 % of passages are left out of the search — they would make it score thousands of
 * passages for nothing — unless nothing else is left; coverage still counts them.
 */
function findCandidates(
  index: SearchIndex,
  analyzed: AnalyzedQuestion,
  limit: number,
  df: ReadonlyMap<string, number>,
): Map<number, number> {
  const n = index.passages.length;
  let terms = analyzed.terms;
  if (n >= LARGE_CORPUS) {
    const rare = terms.filter((t) => (df.get(t) ?? 0) <= n * COMMON_TERM_SHARE);
    if (rare.length > 0) terms = rare;
  }
  const whole = terms.filter((t) => !analyzed.units.some((u) => u.prefix && u.terms.includes(t)));
  // A lone character is searched as the start of the bigrams only when the question has nothing better.
  if (whole.length > 0) terms = whole;
  const prefix = new Set(terms.filter((t) => whole.length === 0 && Array.from(t).length === 1).map(indexTerm));
  // Fuzzy matching (for misspelt words) only for words the corpus does not have: it walks the whole tree.
  const fuzzy = new Set(terms.filter((t) => /^[a-z]{6,}$/.test(t) && df.get(t) === 0).map(indexTerm));
  const options = {
    tokenize: (s: string) => s.split(' '),
    processTerm: indexTerm,
    combineWith: 'OR' as const,
    prefix: (term: string) => prefix.has(term),
    fuzzy: (term: string) => (fuzzy.has(term) ? 0.2 : false),
  };
  const query = terms.join(' ');
  const out = new Map<number, number>();
  for (const r of index.search.search(query, { ...options, boost: { text: 1, section: 0.5 } }).slice(0, limit))
    out.set(r.id as number, r.score);
  for (const r of index.documentSearch.search(query, options).slice(0, 5)) {
    const doc = index.documentList[r.id as number];
    if (!doc) continue;
    for (let i = doc.firstPassage; i < doc.firstPassage + Math.min(3, doc.passageCount); i++)
      if (!out.has(i)) out.set(i, 0);
  }
  return out;
}

/** Checks a question and returns it trimmed, or throws a UserFacingError saying what to fix. */
export function validateQuestion(question: string, maxChars = defaultAnswerOptions.maxQuestionChars): string {
  const trimmed = question.trim();
  if (trimmed === '')
    throw new UserFacingError('question.empty', 'The question is empty: type a question, e.g. "贾扬清在哪里宣布离职?"');
  const length = Array.from(trimmed).length;
  if (length > maxChars) {
    throw new UserFacingError(
      'question.tooLong',
      `The question is too long (${length} characters; the limit is ${maxChars}). Ask about one thing at a time.`,
    );
  }
  // What is echoed back (in the CLI's JSON, in a Discord footer) must be well-formed text: no lone
  // surrogates, controls or invisible characters (a question of nothing else has no words to search).
  return stripInvisible(trimmed).trim();
}

/**
 * Answers a question from the index: the passages that best answer it, or none when nothing covers
 * enough of it. Ranking is BM25 (MiniSearch) re-ranked by coverage — how much of the question's
 * content, weighted by rarity, a passage contains — because BM25 alone cannot tell a passage that
 * answers from one that shares a common character with the question.
 */
export function answerQuestion(index: SearchIndex, question: string, options: Partial<AnswerOptions> = {}): Answer {
  const started = performance.now();
  const opts = { ...defaultAnswerOptions, ...options };
  const text = validateQuestion(question, opts.maxQuestionChars);
  const analyzed = analyzeQuestion(text);
  // Each term's passage count, looked up once per question.
  const df = new Map(analyzed.terms.map((t) => [t, documentFrequency(index, t)]));
  const units = weighUnits(index, analyzed, (t) => df.get(t) ?? documentFrequency(index, t));
  const empty = (matchedTerms: string[]): Answer => ({
    question: text,
    answered: false,
    tookMs: performance.now() - started,
    passages: [],
    terms: analyzed.terms,
    matchedTerms,
  });
  if (analyzed.terms.length === 0 || index.passages.length === 0) return empty([]);

  const candidates = findCandidates(index, analyzed, opts.candidates, df);
  if (candidates.size === 0) return empty([]);

  const maxScore = Math.max(...candidates.values()) || 1;
  const ranked = [...candidates].map(([ordinal, bm25]) => {
    const passage = index.passages[ordinal]!;
    const previous =
      ordinal > 0 && index.passages[ordinal - 1]!.docId === passage.docId ? index.normalizedText(ordinal - 1) : null;
    const coverage = coverageOf(
      units,
      passageHas(index.normalizedText(ordinal), previous, opts.contextCredit),
      opts.charCredit,
    );
    // Coverage decides; BM25 (relative to the best) orders passages that cover alike.
    const identity =
      analyzed.asksIdentity && introducesName(index.normalizedText(ordinal).body.text, analyzed) ? IDENTITY_BONUS : 0;
    return { ordinal, coverage, score: coverage + opts.bm25Weight * (bm25 / maxScore) + identity };
  });
  ranked.sort((a, b) => b.score - a.score || a.ordinal - b.ordinal);
  const best = ranked[0]!;
  const matchedWeight = best.coverage * units.reduce((sum, u) => sum + u.weight, 0);
  const matched = analyzed.terms.filter((t) => (df.get(t) ?? 0) > 0);
  if (best.coverage < opts.minCoverage || matchedWeight < opts.minMatchedWeight) return empty(matched);

  const floor = Math.max(opts.minCoverage * 0.5, best.coverage * opts.relativeCoverage);
  const chosen = ranked.filter((r) => r.coverage >= floor).slice(opts.offset, opts.offset + opts.top);
  const passages: AnswerPassage[] = chosen.map((r, i) => {
    const p = index.passages[r.ordinal]!;
    const normalized = normalizeWithMap(p.text);
    return {
      rank: opts.offset + i + 1,
      score: Math.round(r.score * 1000) / 1000,
      coverage: Math.round(r.coverage * 1000) / 1000,
      id: p.id,
      text: p.text,
      bestSentence: bestSentence(p.text, normalized, units),
      highlights: highlightRanges(p.text, normalized, analyzed.units),
      citation: citationOf(index, r.ordinal),
    };
  });
  return {
    question: text,
    answered: passages.length > 0,
    tookMs: performance.now() - started,
    passages,
    terms: analyzed.terms,
    matchedTerms: matched,
  };
}
