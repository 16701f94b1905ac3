import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { answerQuestion, type AnswerOptions } from '../../src/engine/answer.ts';
import type { SearchIndex } from '../../src/engine/searchIndex.ts';
import type { AnswerPassage } from '../../src/engine/types.ts';

/**
 * One evaluation question. It is answered at rank k when the k-th passage returned contains one of
 * `any` (verbatim text of the right passage) or comes from one of `docs` (document ids, with or
 * without their extension and folder: `touch.1` matches `man1/touch.1.txt`). `none` marks a question
 * the corpus does not answer: the right response is "not in the corpus".
 */
export interface EvalQuestion {
  q: string;
  kind: string;
  any?: string[];
  docs?: string[];
  none?: boolean;
}

export interface EvalSet {
  name: string;
  questions: EvalQuestion[];
}

/** Scores of one group of questions (a kind, or all of them). */
export interface EvalScores {
  /** Questions the corpus answers, and those it does not (`none`). */
  answerable: number;
  unanswerable: number;
  hitAt1: number;
  hitAt3: number;
  mrr: number;
  /** Answerable questions that got "not in the corpus". */
  falseAbstentions: number;
  /** Unanswerable questions that got "not in the corpus" (right). */
  abstained: number;
}

export interface EvalMiss {
  question: string;
  kind: string;
  outcome: 'wrong' | 'unanswered' | 'answered-none';
  /** What came back first (passage id and the start of its text). */
  got: string | null;
}

export interface EvalReport {
  set: string;
  overall: EvalScores;
  byKind: Record<string, EvalScores>;
  misses: EvalMiss[];
}

interface LegacySet {
  questions?: Array<{ q: string; any?: string[]; docs?: string[]; none?: boolean; kind?: string }>;
  offtopic?: Array<string | { q: string; kind?: string }>;
  kinds?: Record<string, string>;
}

/**
 * Reads a question file: `{questions: [{q, kind, any | docs | none}]}`, or the first sets' shape
 * (`questions` with `any`, an `offtopic` list of strings, and an optional `kinds` map).
 */
export async function readEvalSet(file: string): Promise<EvalSet> {
  const data = JSON.parse(await readFile(file, 'utf8')) as LegacySet;
  if (!Array.isArray(data.questions)) throw new Error(`${file} has no "questions" array`);
  const questions: EvalQuestion[] = data.questions.map((x) => {
    const q: EvalQuestion = { q: x.q, kind: x.kind ?? data.kinds?.[x.q] ?? 'dev' };
    if (x.any) q.any = x.any;
    if (x.docs) q.docs = x.docs;
    if (x.none) q.none = true;
    if (!q.any && !q.docs && !q.none) throw new Error(`${file}: "${x.q}" has none of any, docs or none`);
    return q;
  });
  for (const x of data.offtopic ?? []) {
    const q = typeof x === 'string' ? x : x.q;
    questions.push({
      q,
      kind: (typeof x === 'string' ? undefined : x.kind) ?? data.kinds?.[q] ?? 'offtopic',
      none: true,
    });
  }
  return { name: path.relative(process.cwd(), file), questions };
}

function stripExtension(id: string): string {
  return id.replace(/\.(?:txt|md|html?)$/i, '');
}

/** Whether a returned passage answers the question. */
export function isHit(question: EvalQuestion, passage: AnswerPassage): boolean {
  if (question.any?.some((s) => passage.text.includes(s))) return true;
  const doc = stripExtension(passage.citation.docId);
  return question.docs?.some((d) => doc === stripExtension(d) || doc.endsWith(`/${stripExtension(d)}`)) ?? false;
}

function emptyScores(): EvalScores {
  return { answerable: 0, unanswerable: 0, hitAt1: 0, hitAt3: 0, mrr: 0, falseAbstentions: 0, abstained: 0 };
}

const round = (x: number): number => Math.round(x * 1000) / 1000;

function finish(s: EvalScores): EvalScores {
  const n = s.answerable || 1;
  return { ...s, hitAt1: round(s.hitAt1 / n), hitAt3: round(s.hitAt3 / n), mrr: round(s.mrr / n) };
}

/** Runs every question of the set and scores the answers, overall and per kind. */
export function evaluate(index: SearchIndex, set: EvalSet, options: Partial<AnswerOptions> = {}): EvalReport {
  const overall = emptyScores();
  const byKind = new Map<string, EvalScores>();
  const misses: EvalMiss[] = [];
  for (const question of set.questions) {
    const answer = answerQuestion(index, question.q, { ...options, top: 3, offset: 0 });
    let kind = byKind.get(question.kind);
    if (!kind) byKind.set(question.kind, (kind = emptyScores()));
    const first = answer.passages[0];
    const got = first
      ? `${first.id} (coverage ${first.coverage}): ${first.text.slice(0, 40).replace(/\n/g, ' ')}`
      : null;
    for (const s of [overall, kind]) {
      if (question.none) {
        s.unanswerable++;
        if (!answer.answered) s.abstained++;
        continue;
      }
      s.answerable++;
      const rank = answer.passages.findIndex((p) => isHit(question, p));
      if (!answer.answered) s.falseAbstentions++;
      if (rank === 0) s.hitAt1++;
      if (rank >= 0 && rank < 3) s.hitAt3++;
      if (rank >= 0) s.mrr += 1 / (rank + 1);
    }
    if (question.none) {
      if (answer.answered) misses.push({ question: question.q, kind: question.kind, outcome: 'answered-none', got });
    } else if (!first || !isHit(question, first)) {
      const rank = answer.passages.findIndex((p) => isHit(question, p));
      misses.push({
        question: question.q,
        kind: question.kind,
        outcome: answer.answered ? 'wrong' : 'unanswered',
        got: got && rank > 0 ? `${got} [right one at rank ${rank + 1}]` : got,
      });
    }
  }
  const kinds = [...byKind].sort(([a], [b]) => (a < b ? -1 : 1));
  return {
    set: set.name,
    overall: finish(overall),
    byKind: Object.fromEntries(kinds.map(([k, s]) => [k, finish(s)])),
    misses,
  };
}

/** The report as a table: one row per kind and one for all. */
export function formatReport(report: EvalReport): string {
  const row = (label: string, s: EvalScores): string => {
    const cols = [label.padEnd(14)];
    if (s.answerable > 0) {
      cols.push(
        String(s.answerable).padStart(4),
        s.hitAt1.toFixed(2).padStart(6),
        s.hitAt3.toFixed(2).padStart(6),
        s.mrr.toFixed(2).padStart(6),
        `${s.falseAbstentions}`.padStart(6),
      );
    } else cols.push('   -      -      -      -      -');
    cols.push(s.unanswerable > 0 ? `   ${s.abstained}/${s.unanswerable}` : '   -');
    return cols.join(' ');
  };
  const lines = [`${'kind'.padEnd(14)}    n  hit@1  hit@3    MRR  unans   abstained(right)`];
  for (const [kind, s] of Object.entries(report.byKind)) lines.push(row(kind, s));
  lines.push(row('ALL', report.overall));
  return lines.join('\n');
}
