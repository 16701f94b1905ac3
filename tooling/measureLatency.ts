// Interaction → reply latency through the fake Discord, with the query log on and off in the same run.
// Prints one JSON object on stdout.
//   node --import tsx tooling/measureLatency.ts [--questions 1000] [--rate 40] [--block 50]
// One bot, one fake Discord; two observers from startObservability (QUERY_LOG on, in a temp DATA_DIR;
// and off) are swapped into the bot's context block by block, in ABBA order so that drift (JIT,
// caches, other load on the machine) falls on both alike. Questions are paced: the log writes after
// the reply, so it can only slow the questions that arrive while it works — its flush, once a second.
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { round, roundSummary, summarize, type Summary } from '../src/cli/stats.ts';
import type { BotObserver } from '../src/events.ts';
import {
  servingStateOf,
  startObservability,
  type Observability,
  type ObservabilityConfig,
} from '../src/observe/index.ts';
import { DB_FILE } from '../src/observe/queryLog.ts';
import { opt, startHarness, type Harness } from './harness/botHarness.ts';
import type { RecordedRequest } from './harness/fakeDiscord.ts';
import { bounded } from './lib/args.ts';
import { readEvalQuestions } from './lib/questions.ts';
import { sleep } from './lib/sleep.ts';
import { machine } from './lib/machine.ts';

const { values } = parseArgs({
  options: {
    questions: { type: 'string', default: '1000' },
    rate: { type: 'string', default: '40' },
    block: { type: 'string', default: '50' },
  },
});
const PER_ARM = bounded(values.questions, 1, 100_000);
const RATE = bounded(values.rate, 1, 1_000);
const BLOCK = bounded(values.block, 1, 10_000);
/** How long a question may wait for its callback before it counts as failed. */
const TIMEOUT_MS = 10_000;
const USERS = Array.from({ length: 100 }, (_, i) => `7${String(i).padStart(17, '0')}`);

type Arm = 'queryLogOn' | 'queryLogOff';

interface Sample {
  arm: Arm;
  sent: number;
  callback?: number;
}

/** On- and off-topic questions from both eval sets. */
async function loadQuestions(): Promise<string[]> {
  const { onTopic, offTopic } = await readEvalQuestions();
  return [...onTopic, ...offTopic];
}

/** The observer the bot will hold for an arm, timing each call (µs) into `micros`. */
function timed(observer: BotObserver, micros: number[]): BotObserver {
  return {
    ...observer,
    question(event) {
      const t = performance.now();
      observer.question?.(event);
      micros.push((performance.now() - t) * 1000);
    },
  };
}

/** ABBA: on, off, off, on, on, off, … so neither arm always goes first. */
function armOf(block: number): Arm {
  return block % 4 === 0 || block % 4 === 3 ? 'queryLogOn' : 'queryLogOff';
}

/** Runs `perArm` paced questions per arm in blocks, swapping the arm's observer and query log in between. */
async function run(
  h: Harness,
  questions: readonly string[],
  arms: Record<Arm, { obs: Observability; observer: BotObserver }>,
  perArm: number,
): Promise<Map<string, Sample>> {
  const samples = new Map<string, Sample>();
  const stop = h.fake.onRequest((r: RecordedRequest) => {
    const id = /^\/interactions\/(\d+)\/[^/]+\/callback$/.exec(r.path)?.[1];
    const s = id === undefined ? undefined : samples.get(id);
    if (s && s.callback === undefined) s.callback = performance.now();
  });
  const blocks = 2 * Math.ceil(perArm / BLOCK);
  let asked = 0;
  for (let b = 0; b < blocks; b++) {
    const arm = armOf(b);
    // Swap between blocks only once the previous block's replies are in (and so observed by its arm).
    await settle(samples);
    h.ctx.observer = arms[arm].observer;
    h.ctx.queryLog = arms[arm].obs.queryLog;
    const started = performance.now();
    for (let i = 0; i < BLOCK; i++) {
      const wait = started + (i * 1000) / RATE - performance.now();
      if (wait >= 1) await sleep(wait);
      const question = questions[asked % questions.length]!;
      const sent = performance.now();
      const { id } = h.fake.command('ask', [opt.string('question', question)], {
        user: { id: USERS[asked % USERS.length]! },
      });
      samples.set(id, { arm, sent });
      asked++;
    }
  }
  await settle(samples);
  stop();
  return samples;
}

/** Waits (bounded) until every question sent so far has its callback. */
async function settle(samples: Map<string, Sample>): Promise<void> {
  const until = performance.now() + TIMEOUT_MS;
  const pending = (): boolean => [...samples.values()].some((s) => s.callback === undefined);
  while (pending() && performance.now() < until) await sleep(2);
  // The observer runs right after the reply resolves: give it that turn before the next swap.
  await sleep(5);
}

function latencies(samples: Map<string, Sample>, arm: Arm): { ms: number[]; failed: number } {
  const ms: number[] = [];
  let failed = 0;
  for (const s of samples.values()) {
    if (s.arm !== arm) continue;
    if (s.callback === undefined) failed++;
    else ms.push(s.callback - s.sent);
  }
  return { ms, failed };
}

const summary = (samples: number[], digits = 3): Summary => roundSummary(summarize(samples), digits);

/** Bytes of the log's database files (file, WAL, shared memory). */
function databaseBytes(dir: string): number {
  return readdirSync(dir)
    .filter((f) => f.startsWith(DB_FILE))
    .reduce((n, f) => n + statSync(path.join(dir, f)).size, 0);
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'wenda-latency-'));
  const questions = await loadQuestions();
  const h = await startHarness({
    env: { COOLDOWN_QUESTIONS: '1000', COOLDOWN_SECONDS: '1', QUERY_LOG: 'on', DATA_DIR: dataDir },
  });
  const base: ObservabilityConfig = {
    dataDir,
    queryLog: true,
    queryLogDays: 90,
    metricsPort: null,
    metricsHost: '127.0.0.1',
  };
  const state = servingStateOf(h.library);
  const on = await startObservability(base, h.ctx.logger, state);
  const off = await startObservability({ ...base, queryLog: false }, h.ctx.logger, state);
  const micros: Record<Arm, number[]> = { queryLogOn: [], queryLogOff: [] };
  try {
    const arms = {
      queryLogOn: { obs: on, observer: timed(on.observer, micros.queryLogOn) },
      queryLogOff: { obs: off, observer: timed(off.observer, micros.queryLogOff) },
    };
    // A warm-up block per arm, outside the figures.
    await run(h, questions, arms, BLOCK);
    micros.queryLogOn.length = 0;
    micros.queryLogOff.length = 0;
    h.fake.clear();
    const samples = await run(h, questions, arms, PER_ARM);
    on.queryLog?.flush();
    const result: Record<string, unknown> = {};
    for (const arm of ['queryLogOn', 'queryLogOff'] as const) {
      const { ms, failed } = latencies(samples, arm);
      result[arm] = {
        questions: ms.length + failed,
        failed,
        latencyMs: summary(ms),
        observerCallMicros: summary(micros[arm], 1),
      };
    }
    const onMs = summarize(latencies(samples, 'queryLogOn').ms);
    const offMs = summarize(latencies(samples, 'queryLogOff').ms);
    console.log(
      JSON.stringify(
        {
          machine: machine(),
          method: {
            perArm: PER_ARM,
            ratePerSecond: RATE,
            block: BLOCK,
            order: 'ABBA blocks',
            latency: 'fake sends INTERACTION_CREATE → the callback request has arrived at the fake',
          },
          ...result,
          onMinusOffMs: { median: round(onMs.median - offMs.median), p99: round(onMs.p99 - offMs.p99) },
          queryLog: {
            rowsWritten: on.queryLog?.counts.written ?? 0,
            rowsDropped: on.queryLog?.counts.dropped ?? 0,
            databaseBytes: databaseBytes(dataDir),
          },
        },
        null,
        2,
      ),
    );
  } finally {
    await on.close();
    await off.close();
    await h.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
