import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import { createInterface } from 'node:readline';
import path from 'node:path';
import { startHarness, type Harness } from '../harness/botHarness.ts';
import type { FakeDiscord } from '../harness/fakeDiscord.ts';
import { copyArticleCorpus, launchBot, memoryOfProcess, ROOT } from './botProcess.ts';
import { sleep } from './sleep.ts';

/**
 * The bot a load test drives, and how its own cost is read: either in this process (the fake Discord and
 * the load driver share its thread and its CPU figures), or the compiled bot as a process of its own,
 * as it runs in production, with only the fake and the driver here.
 */
export interface LoadTarget {
  fake: FakeDiscord;
  /** The in-process bot (its client, library and observer), or null for a bot process. */
  harness: Harness | null;
  /** CPU the bot has used so far, ms (all its threads; in-process, the fake's and the driver's too). */
  cpuMs(): Promise<number>;
  /** Its memory: RSS always, heap only in-process (after full collections). */
  memory(): Promise<{ heapUsedMB: number | null; rssMB: number }>;
  stop(): Promise<void>;
}

export interface TargetOptions {
  env: Record<string, string>;
  /** In-process only: called with each answer's engine time. */
  onEngineMs?: (ms: number) => void;
  /** A bot process only: its node options (a profiler's, say). */
  nodeArgs?: readonly string[];
  /** A bot process only: the compiled entry to run (default dist/index.js; another build's to compare). */
  entry?: string;
}

/** The bot in this process, through the test harness (warm-up in the background, as the bot runs). */
export async function inProcessTarget(options: TargetOptions): Promise<LoadTarget> {
  const h = await startHarness({
    env: options.env,
    observer: { question: (e) => options.onEngineMs?.(e.answer.tookMs) },
    warmUp: 'background',
  });
  return {
    fake: h.fake,
    harness: h,
    cpuMs: () => {
      const u = process.cpuUsage();
      return Promise.resolve((u.user + u.system) / 1000);
    },
    async memory() {
      const gc = (globalThis as { gc?: () => void }).gc;
      for (let i = 0; i < 3; i++) {
        gc?.();
        await sleep(50);
      }
      const m = process.memoryUsage();
      return { heapUsedMB: m.heapUsed / 2 ** 20, rssMB: m.rss / 2 ** 20 };
    },
    stop: () => h.stop(),
  };
}

/** Clock ticks per second of /proc/PID/stat's CPU times (USER_HZ: 100 on Linux). */
const USER_HZ = 100;

/** A process's user + system CPU time, ms, from /proc (all its threads). */
async function processCpuMs(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces, hence the last ')'): utime is the 14th field.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / USER_HZ;
}

/**
 * The compiled bot (dist/index.js: `npm run build` first) as its own process on a copy of the article
 * corpus, against a fake Discord in this one; resolves once it has identified and answered a first question.
 */
export async function processTarget(options: TargetOptions): Promise<LoadTarget> {
  const corpusDir = await copyArticleCorpus(await mkdtemp(path.join(os.tmpdir(), 'wenda-load-')));
  const { fake, child } = await launchBot({
    entry: options.entry ?? path.join(ROOT, 'dist', 'index.js'),
    corpusDir,
    env: options.env,
    nodeArgs: options.nodeArgs ?? [],
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  // Its log (pino's JSON lines on stderr, at info as a service runs) is read and dropped, but warnings
  // and errors are passed on.
  createInterface({ input: child.stderr! }).on('line', (line) => {
    if (!/^\{"level":(?:[0-3]\d)\b/.test(line)) console.error(line);
  });
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) => reject(new Error(`the bot process exited (${code})`))),
  );
  exited.catch(() => {});
  await Promise.race([fake.waitFor('identifies', 1, 60_000), exited]);
  const pid = child.pid!;
  return {
    fake,
    harness: null,
    cpuMs: () => processCpuMs(pid),
    async memory() {
      return { heapUsedMB: null, rssMB: (await memoryOfProcess(pid)).rssMB };
    },
    async stop() {
      child.kill('SIGTERM');
      await Promise.race([new Promise((resolve) => child.once('exit', resolve)), sleep(10_000)]);
      child.kill('SIGKILL');
      await fake.close();
      await rm(corpusDir, { recursive: true, force: true });
    },
  };
}
