import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { Answer, AnswerPassage } from '../../src/engine/types.ts';
import type { FeedbackEvent, QuestionEvent } from '../../src/events.ts';
import { createLogger, type Logger } from '../../src/logger.ts';

/** A fresh directory for one test's DATA_DIR; `cleanup` removes it. */
export function tempDataDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'wenda-observe-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A real pino logger whose lines are kept, parsed, for assertions. */
export function capturedLogger(): {
  logger: Logger;
  lines: Array<Record<string, unknown>>;
  warnings: () => Array<Record<string, unknown>>;
} {
  const lines: Array<Record<string, unknown>> = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n'))
        if (line.trim()) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const logger = createLogger({ level: 'info', destination });
  // pino level 40 = warn
  return { logger, lines, warnings: () => lines.filter((l) => l.level === 40) };
}

function passage(id: string, score: number, rank: number): AnswerPassage {
  return {
    rank,
    score,
    coverage: 1,
    id,
    text: 'text',
    bestSentence: { start: 0, end: 4 },
    highlights: [],
    citation: {
      docId: id.split('#')[0] ?? id,
      title: 'Title',
      author: null,
      section: null,
      paragraphs: [1, 1],
      url: null,
    },
  };
}

/** An Answer showing these passages (unanswered when none). */
export function answerOf(question: string, passageIds: readonly string[] = [], tookMs = 0.4): Answer {
  return {
    question,
    answered: passageIds.length > 0,
    tookMs,
    passages: passageIds.map((id, i) => passage(id, 10 - i, i + 1)),
    terms: ['x'],
    matchedTerms: [],
  };
}

/** A question event with sensible defaults. */
export function questionEvent(
  over: Partial<QuestionEvent> & { question?: string; passages?: readonly string[] } = {},
): QuestionEvent {
  const { passages, ...rest } = over;
  const question = over.question ?? '贾扬清在哪里宣布离职的?';
  return {
    path: 'ask',
    guildId: '100000000000000001',
    userId: '200000000000000001',
    locale: 'zh-CN',
    question,
    answer: answerOf(question, passages ?? ['ai.md#p5', 'ai.md#p6']),
    latencyMs: 120,
    ...rest,
  };
}

export function feedbackEvent(over: Partial<FeedbackEvent> = {}): FeedbackEvent {
  return {
    vote: 'down',
    userId: '200000000000000002',
    guildId: '100000000000000001',
    question: '贾扬清在哪里宣布离职的?',
    passageIds: ['ai.md#p5'],
    messageId: '300000000000000001',
    ...over,
  };
}
