import { performance } from 'node:perf_hooks';
import { UserFacingError } from '../errors.ts';
import { bestSentence, highlightRanges } from './highlight.ts';
import { normalizeWithMap, stripInvisible } from './normalize.ts';
import { analyzeQuestion, type AnalyzedQuestion } from './question.ts';
import { expandQuestion } from './ranking/expand.ts';
import { defaultRankingOptions, type RankingOptions } from './ranking/options.ts';
import { rankPassages } from './ranking/rank.ts';
import type { SearchIndex } from './searchIndex.ts';
import type { Answer, AnswerPassage, Citation } from './types.ts';

/** How a question is answered: the ranking model's options (ranking/options.ts). */
export type AnswerOptions = RankingOptions;
export const defaultAnswerOptions: Readonly<AnswerOptions> = defaultRankingOptions;

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
  if (trimmed === '') throw new UserFacingError('question.empty', {});
  const length = Array.from(trimmed).length;
  if (length > maxChars) {
    throw new UserFacingError('question.tooLong', { length, max: maxChars });
  }
  // What is echoed back (in the CLI's JSON, in a Discord footer) must be well-formed text: no lone
  // surrogates, controls or invisible characters (a question of nothing else has no words to search).
  return stripInvisible(trimmed).trim();
}

/**
 * Answers a question from the index: the passages that best answer it, or none when nothing answers
 * (ranking/rank.ts says how). Every passage is quoted verbatim, with its best sentence and the
 * question's words highlighted.
 */
export function answerQuestion(index: SearchIndex, question: string, options: Partial<AnswerOptions> = {}): Answer {
  return answerAnalysed(index, question, options).answer;
}

/** {@link answerQuestion}, with the question's analysis (before expansion), for a caller that needs it too (faq.ts). */
export function answerAnalysed(
  index: SearchIndex,
  question: string,
  options: Partial<AnswerOptions> = {},
): { answer: Answer; question: AnalyzedQuestion } {
  const started = performance.now();
  const opts = { ...defaultAnswerOptions, ...options };
  const text = validateQuestion(question, opts.maxQuestionChars);
  const asked = analyzeQuestion(text);
  const analyzed = expandQuestion(index, asked, opts);
  const { units, answering, matched } = rankPassages(index, analyzed, opts);
  const passages: AnswerPassage[] = answering.slice(opts.offset, opts.offset + opts.top).map((r, i) => {
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
  const answer: Answer = {
    question: text,
    answered: passages.length > 0,
    tookMs: performance.now() - started,
    passages,
    terms: analyzed.terms,
    matchedTerms: matched,
  };
  return { answer, question: asked };
}
