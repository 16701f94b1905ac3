import { performance } from 'node:perf_hooks';
import { UserFacingError } from '../errors.ts';
import { normalizeText, normalizeWithMap } from './normalize.ts';
import { sentenceEnds } from './passages.ts';
import { documentFrequency, type NormalizedPassage, type SearchIndex } from './searchIndex.ts';
import { generalIdf } from './specificity.ts';
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
   * The best passage must also match this much weight in absolute terms (one specific word is about
   * 10; a common one about 5): a question whose only match is one common word is not answered. Default 8.
   */
  minMatchedWeight: number;
  /** How much BM25 (relative to the best result) adds to coverage in the ranking score. Default 0.25. */
  bm25Weight: number;
  /** How many BM25 results are re-ranked by coverage. Default 200. */
  candidates: number;
  /** Passages after the first must cover at least this share of what the first covers. Default 0.6. */
  relativeCoverage: number;
  /** Longest question accepted, in characters. Default 1,000. */
  maxQuestionChars: number;
}

export const defaultAnswerOptions: Readonly<AnswerOptions> = Object.freeze({
  top: 3,
  offset: 0,
  minCoverage: 0.5,
  relativeCoverage: 0.6,
  minMatchedWeight: 8,
  bm25Weight: 0.25,
  candidates: 200,
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
function weighUnits(index: SearchIndex, question: AnalyzedQuestion): WeightedUnit[] {
  const maxIdf = corpusIdf(index, 0);
  const hanCorpus = index.hanShare() >= 0.5;
  return question.units.map((unit) => {
    const general = generalIdf(unit.text) * (unit.prefix ? 0.5 : 1);
    if (unit.prefix) return { unit, weight: general };
    const df = Math.max(...unit.terms.map((t) => documentFrequency(index, t)));
    // In a Chinese corpus an English word it never uses ("electricity", "founded") is most likely the
    // asker's translation of something the corpus says in Chinese: it counts, but less.
    const weight = general * (0.5 + (0.5 * corpusIdf(index, df)) / maxIdf);
    return { unit, weight: unit.kind === 'word' && df === 0 && hanCorpus ? weight * ABSENT_FOREIGN_WORD_FACTOR : weight };
  });
}

/** The weight kept by a Latin-script word that a mostly-Chinese corpus never uses. */
const ABSENT_FOREIGN_WORD_FACTOR = 0.4;

/** Whether a term is in a text: 1 when it is, 0 when not; a match in a passage's surroundings may count less. */
type Presence = (term: string, word: boolean) => number;

/** Share of a unit present, given how present each of its terms is. */
function unitPresence(unit: QueryUnit, has: Presence): number {
  if (unit.kind === 'word') return Math.max(...unit.terms.map((t) => has(t, true)));
  let found = 0;
  for (const t of unit.terms) found += has(t, false);
  return found / unit.terms.length;
}

function coverageOf(units: readonly WeightedUnit[], has: Presence): number {
  let total = 0;
  let covered = 0;
  for (const { unit, weight } of units) {
    total += weight;
    covered += weight * unitPresence(unit, has);
  }
  return total === 0 ? 0 : covered / total;
}

const WORD_CHAR_RE = /[\p{L}\p{N}]/u;

/** Whether `term` occurs in `text` as a whole word: "ai" is not found in "openai", "4" not in "h100". */
function hasWord(text: string, term: string): boolean {
  for (let at = text.indexOf(term); at >= 0; at = text.indexOf(term, at + 1)) {
    const before = text[at - 1];
    const after = text[at + term.length];
    const latinBefore = before !== undefined && WORD_CHAR_RE.test(before) && !/\p{sc=Han}/u.test(before);
    const latinAfter = after !== undefined && WORD_CHAR_RE.test(after) && !/\p{sc=Han}/u.test(after);
    if (!latinBefore && !latinAfter) return true;
  }
  return false;
}

function contains(text: string, term: string, word: boolean): boolean {
  return word ? hasWord(text, term) : text.includes(term);
}

/** Presence in a normalised text: Han terms anywhere, word terms as whole words. */
function textHas(normalized: string): Presence {
  return (term, word) => (contains(normalized, term, word) ? 1 : 0);
}

/**
 * A term found only in the passage's section, title or byline counts this much: enough for "郝鑫的文章"
 * to find the document, not so much that a title word makes every passage of it look relevant.
 */
const META_MATCH_CREDIT = 0.7;

function passageHas(passage: NormalizedPassage): Presence {
  return (term, word) => (contains(passage.body, term, word) ? 1 : contains(passage.meta, term, word) ? META_MATCH_CREDIT : 0);
}

/** The sentence of the passage that covers most of the question (earliest on a tie). */
function bestSentence(text: string, units: readonly WeightedUnit[]): { start: number; end: number } {
  let best = { start: 0, end: text.length };
  let bestScore = -1;
  let start = 0;
  for (const end of sentenceEnds(text)) {
    const sentence = text.slice(start, end);
    if (sentence.trim() !== '') {
      const score = coverageOf(units, textHas(normalizeText(sentence)));
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

/** Ranges of the verbatim text where the question's terms occur, merged. */
function highlightRanges(text: string, terms: readonly string[]): Array<{ start: number; end: number }> {
  const { text: norm, map } = normalizeWithMap(text);
  const ranges: Array<{ start: number; end: number }> = [];
  for (const term of terms) {
    if (!term) continue;
    for (let at = norm.indexOf(term); at >= 0; at = norm.indexOf(term, at + 1)) {
      ranges.push({ start: map[at]!, end: map[at + term.length] ?? text.length });
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

/** Checks a question and returns it trimmed, or throws a UserFacingError saying what to fix. */
export function validateQuestion(question: string, maxChars = defaultAnswerOptions.maxQuestionChars): string {
  const trimmed = question.trim();
  if (trimmed === '') throw new UserFacingError('question.empty', 'The question is empty: type a question, e.g. "贾扬清在哪里宣布离职?"');
  const length = Array.from(trimmed).length;
  if (length > maxChars) {
    throw new UserFacingError('question.tooLong', `The question is too long (${length} characters; the limit is ${maxChars}). Ask about one thing at a time.`);
  }
  return trimmed;
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
  const units = weighUnits(index, analyzed);
  const empty = (matchedTerms: string[]): Answer => ({
    question: text,
    answered: false,
    tookMs: performance.now() - started,
    passages: [],
    terms: analyzed.terms,
    matchedTerms,
  });
  if (analyzed.terms.length === 0 || index.passages.length === 0) return empty([]);

  const prefixTerms = new Set(analyzed.units.filter((u) => u.prefix).flatMap((u) => u.terms));
  const results = index.search.search(analyzed.terms.join(' '), {
    tokenize: (s) => s.split(' '),
    processTerm: (t) => t,
    combineWith: 'OR',
    prefix: (term) => prefixTerms.has(term),
    fuzzy: (term) => (/^[a-z]{6,}$/.test(term) ? 0.2 : false),
    boost: { text: 1, title: 2, byline: 2, section: 0.5 },
  });
  if (results.length === 0) return empty([]);

  const maxScore = results[0]!.score;
  const matched = new Set<string>();
  const ranked = results.slice(0, opts.candidates).map((r) => {
    for (const t of r.queryTerms) matched.add(t);
    const ordinal = r.id as number;
    const coverage = coverageOf(units, passageHas(index.normalizedText(ordinal)));
    // Coverage decides; BM25 (relative to the best) orders passages that cover alike.
    return { ordinal, coverage, score: coverage + opts.bm25Weight * (r.score / maxScore) };
  });
  ranked.sort((a, b) => b.score - a.score || a.ordinal - b.ordinal);
  const best = ranked[0]!;
  const matchedWeight = best.coverage * units.reduce((sum, u) => sum + u.weight, 0);
  if (best.coverage < opts.minCoverage || matchedWeight < opts.minMatchedWeight) return empty([...matched]);

  const floor = Math.max(opts.minCoverage * 0.5, best.coverage * opts.relativeCoverage);
  const chosen = ranked.filter((r) => r.coverage >= floor).slice(opts.offset, opts.offset + opts.top);
  const passages: AnswerPassage[] = chosen.map((r, i) => {
    const p = index.passages[r.ordinal]!;
    return {
      rank: opts.offset + i + 1,
      score: Math.round(r.score * 1000) / 1000,
      coverage: Math.round(r.coverage * 1000) / 1000,
      id: p.id,
      text: p.text,
      bestSentence: bestSentence(p.text, units),
      highlights: highlightRanges(p.text, analyzed.terms),
      citation: citationOf(index, r.ordinal),
    };
  });
  return {
    question: text,
    answered: passages.length > 0,
    tookMs: performance.now() - started,
    passages,
    terms: analyzed.terms,
    matchedTerms: [...matched],
  };
}
