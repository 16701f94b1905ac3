// What the query log costs the answer path, and how big it grows. Prints one JSON object on stdout.
//   npm exec -- tsx tooling/measureQueryLog.ts [--questions N] [--rows N] [--corpus DIR]
// Timings are this machine's; the comparison within one run is what matters.
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { roundSummary, summarize } from '../src/cli/stats.ts';
import { answerQuestion } from '../src/engine/answer.ts';
import { Library } from '../src/store/library.ts';
import type { Answer } from '../src/engine/types.ts';
import type { BotObserver, QuestionEvent, QuestionPath } from '../src/events.ts';
import { createLogger } from '../src/logger.ts';
import { computeInsights } from '../src/observe/insights.ts';
import { createMetrics } from '../src/observe/metrics.ts';
import { createObserver } from '../src/observe/observer.ts';
import { DB_FILE, QueryLog } from '../src/observe/queryLog.ts';
import { DEV_QUESTIONS, readEvalQuestions } from './lib/questions.ts';

const { values } = parseArgs({
  options: {
    questions: { type: 'string', default: '5000' },
    rows: { type: 'string', default: '100000' },
    corpus: { type: 'string', default: 'corpus' },
  },
});
const QUESTIONS = Number(values.questions);
const ROWS = Number(values.rows);
const logger = createLogger({ level: 'warn' });
const work = mkdtempSync(join(tmpdir(), 'wenda-measure-'));

/** The article's development questions (on- and off-topic), or a few built-in ones without the file. */
async function questionList(): Promise<string[]> {
  try {
    const { onTopic, offTopic } = await readEvalQuestions([DEV_QUESTIONS]);
    return [...onTopic, ...offTopic];
  } catch {
    return ['贾扬清在哪里宣布离职的?', '光年之外的估值是多少?', 'Who founded 商汤科技?', '上海明天会下雨吗?'];
  }
}

const PATHS: QuestionPath[] = ['ask', 'mention', 'reply', 'dm', 'more'];
let seq = 0;
function eventOf(question: string, answer: Answer): QuestionEvent {
  seq++;
  return {
    path: PATHS[seq % PATHS.length]!,
    guildId: `10000000000000000${seq % 5}`,
    userId: `2000000000000${String(seq % 2_000).padStart(5, '0')}`,
    locale: seq % 3 === 0 ? 'en-US' : 'zh-CN',
    question,
    answer,
    latencyMs: 150,
    replyMessageId: `3${String(seq).padStart(18, '0')}`,
  };
}

function openLog(name: string, flushEveryMs: number): QueryLog {
  return QueryLog.open({ dataDir: join(work, name), retentionDays: 90, logger, flushEveryMs });
}

/** Bytes of every file of the log's database (file, WAL, shared memory). */
function databaseBytes(dir: string): number {
  return readdirSync(dir)
    .filter((f) => f.startsWith(DB_FILE))
    .reduce((n, f) => n + statSync(join(dir, f)).size, 0);
}

const ms = (samples: number[]) => roundSummary(summarize(samples), 4);

try {
  const library = new Library({ corpusDir: values.corpus, snapshot: false });
  await library.open();
  const questions = await questionList();

  // The variants, each a BotObserver as the bot would hold it.
  const syncLog = openLog('sync', 0);
  const batchedLog = openLog('batched', 60_000); // flushed by hand below, so the flush is timed apart
  const variants: Record<string, BotObserver> = {
    logOff: createObserver({ queryLog: null, metrics: null, logger }),
    logOffWithMetrics: createObserver({ queryLog: null, metrics: createMetrics(() => ({ index: null })), logger }),
    logOnEachInsert: createObserver({ queryLog: syncLog, metrics: null, logger }),
    logOnBatched: createObserver({ queryLog: batchedLog, metrics: null, logger }),
  };
  const names = Object.keys(variants);

  // 1. The answer path in process: answer a question, then tell the observer — interleaved per question,
  //    so every variant sees the same questions, caches and machine load.
  const answerPath: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  const hookOnly: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  const flushes: number[] = [];
  for (let i = 0; i < QUESTIONS + 200; i++) {
    const q = questions[i % questions.length]!;
    for (let k = 0; k < names.length; k++) {
      const name = names[(i + k) % names.length]!;
      const t0 = performance.now();
      const answer = answerQuestion(library.index, q, { top: 3 });
      const t1 = performance.now();
      variants[name]!.question?.(eventOf(q, answer));
      const t2 = performance.now();
      if (i >= 200) {
        answerPath[name]!.push(t2 - t0);
        hookOnly[name]!.push((t2 - t1) * 1000);
      }
    }
    // What the batched log's timer does once a second; here every 100 questions (a busy bot's second).
    if (i % 100 === 99) {
      const t = performance.now();
      batchedLog.flush();
      flushes.push(performance.now() - t);
    }
  }
  syncLog.close();
  batchedLog.close();

  // 2. Size: 100,000 questions (70 % answered with 3 passages; a third worded uniquely, so grouping has
  //    ~33,000 distinct wordings to deal with) and 2 % of them voted on, over 90 days.
  const now = Date.now();
  let clock = now - 90 * 86_400_000;
  const sizeLog = QueryLog.open({
    dataDir: join(work, 'size'),
    retentionDays: 365,
    logger,
    flushEveryMs: 60_000,
    now: () => clock,
  });
  const sample = answerQuestion(library.index, questions[0]!, { top: 3 });
  const unanswered: Answer = { ...sample, answered: false, passages: [] };
  const started = performance.now();
  for (let i = 0; i < ROWS; i++) {
    clock = now - Math.floor(((ROWS - i) / ROWS) * 90 * 86_400_000);
    const q =
      i % 3 === 0
        ? `${questions[i % questions.length]!.replace(/[??]$/, '')}第${i}期?`
        : questions[i % questions.length]!;
    const event = eventOf(q, i % 10 < 7 ? sample : unanswered);
    sizeLog.recordQuestion(event);
    if (i % 50 === 0)
      sizeLog.recordFeedback({
        vote: i % 100 === 0 ? 'down' : 'up',
        userId: event.userId,
        guildId: event.guildId,
        question: q,
        passageIds: sample.passages.map((p) => p.id),
        messageId: event.replyMessageId!,
      });
    if (i % 1000 === 999) sizeLog.flush();
  }
  sizeLog.close();
  const insertMs = performance.now() - started;
  const bytes = databaseBytes(join(work, 'size'));

  // 3. What regrouping costs at start-up after questionKey changes, and what /insights costs (whether
  //    the command must defer, and how long it holds the event loop).
  const { default: Database } = await import('better-sqlite3');
  const raw = new Database(join(work, 'size', DB_FILE));
  raw.exec("UPDATE meta SET value = 'older' WHERE name = 'question_key_version'");
  raw.close();
  const rekeyStarted = performance.now();
  QueryLog.open({ dataDir: join(work, 'size'), retentionDays: 365, logger, now: () => now }).close();
  const reopenWithRekeyMs = Math.round(performance.now() - rekeyStarted);
  const db = new Database(join(work, 'size', DB_FILE), { readonly: true });
  const distinctWordings = db.prepare('SELECT count(DISTINCT question) FROM questions').pluck().get() as number;
  const timeInsights = (days: number, guildId?: string): number => {
    const t = performance.now();
    computeInsights(db, { days, now, top: 5, ...(guildId ? { guildId } : {}) });
    return Math.round((performance.now() - t) * 10) / 10;
  };
  const insightsMs = {
    days7Guild: timeInsights(7, '100000000000000001'),
    days7All: timeInsights(7),
    days90All: timeInsights(90),
  };
  db.close();

  console.log(
    JSON.stringify(
      {
        questions: QUESTIONS,
        answerPathMs: Object.fromEntries(names.map((n) => [n, ms(answerPath[n]!)])),
        observerCallMicros: Object.fromEntries(names.map((n) => [n, ms(hookOnly[n]!)])),
        batchedFlushMsPer100Rows: ms(flushes),
        size: {
          questions: ROWS,
          votes: Math.ceil(ROWS / 50),
          bytes,
          bytesPerQuestion: Math.round(bytes / ROWS),
          mbPer100k: Math.round(((bytes / ROWS) * 100_000) / 1e4) / 100,
          insertSeconds: Math.round(insertMs / 10) / 100,
        },
        insightsMs,
        distinctWordings,
        reopenWithRekeyMs,
      },
      null,
      2,
    ),
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
