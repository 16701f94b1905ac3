import { readFile } from 'node:fs/promises';
import { answerQuestion, type AnswerOptions } from '../engine/answer.ts';
import type { SearchIndex } from '../engine/searchIndex.ts';

/** An evaluation file: on-topic questions with strings that mark a right passage, and off-topic ones. */
export interface EvalSet {
  questions: Array<{ q: string; any: string[] }>;
  offtopic: string[];
}

export interface EvalMiss {
  question: string;
  kind: 'wrong' | 'unanswered' | 'answered-offtopic';
  /** What came back first (passage id and the start of its text). */
  got: string | null;
}

export interface EvalReport {
  questions: number;
  hitAt1: number;
  hitAt3: number;
  mrr: number;
  offtopic: number;
  offtopicUnanswered: number;
  ontopicUnanswered: number;
  misses: EvalMiss[];
}

export async function readEvalSet(file: string): Promise<EvalSet> {
  const data = JSON.parse(await readFile(file, 'utf8')) as Partial<EvalSet>;
  if (!Array.isArray(data.questions)) throw new Error(`${file} has no "questions" array`);
  return { questions: data.questions, offtopic: data.offtopic ?? [] };
}

/** Runs every question of the set and scores the answers (a hit: a returned passage contains an `any` string). */
export function evaluate(index: SearchIndex, set: EvalSet, options: Partial<AnswerOptions> = {}): EvalReport {
  let hit1 = 0;
  let hit3 = 0;
  let rr = 0;
  let unanswered = 0;
  const misses: EvalMiss[] = [];
  for (const { q, any } of set.questions) {
    const answer = answerQuestion(index, q, { ...options, top: 3 });
    const rank = answer.passages.findIndex((p) => any.some((s) => p.text.includes(s)));
    if (!answer.answered) unanswered++;
    if (rank === 0) hit1++;
    if (rank >= 0 && rank < 3) hit3++;
    if (rank >= 0) rr += 1 / (rank + 1);
    if (rank !== 0) {
      const first = answer.passages[0];
      misses.push({
        question: q,
        kind: answer.answered ? 'wrong' : 'unanswered',
        got: first
          ? `${first.id}${rank > 0 ? ` (right one at rank ${rank + 1})` : ''}: ${first.text.slice(0, 40)}`
          : null,
      });
    }
  }
  let offUnanswered = 0;
  for (const q of set.offtopic) {
    const answer = answerQuestion(index, q, options);
    if (!answer.answered) offUnanswered++;
    else {
      const first = answer.passages[0]!;
      misses.push({
        question: q,
        kind: 'answered-offtopic',
        got: `${first.id} (coverage ${first.coverage}): ${first.text.slice(0, 40)}`,
      });
    }
  }
  const n = set.questions.length || 1;
  const round = (x: number): number => Math.round(x * 1000) / 1000;
  return {
    questions: set.questions.length,
    hitAt1: round(hit1 / n),
    hitAt3: round(hit3 / n),
    mrr: round(rr / n),
    offtopic: set.offtopic.length,
    offtopicUnanswered: offUnanswered,
    ontopicUnanswered: unanswered,
    misses,
  };
}
