import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance, PerformanceObserver } from 'node:perf_hooks';
import { answerQuestion } from '../src/engine/answer.ts';
import { Library } from '../src/store/library.ts';
import { passageChoices } from '../src/discord/sourceView.ts';
import { FORTUNES_DIR, fortunesAvailable, readFortunes, writeFortunesCorpus } from './corpora/fortunes.ts';

/**
 * What a reindex of fortunes-zh costs the answering thread, in one run: the longest event-loop block
 * during a reindex, answer p50/p99 with and without a reindex running, /source autocomplete p99, and
 * peak RSS over 8 back-to-back reindexes against the RSS before the first.
 * Usage: node --import tsx tooling/measureReindex.ts (a heap cap: NODE_OPTIONS=--max-old-space-size=N).
 * Wall-clock gaps include time the OS gave other processes: compare with the idle gap printed first.
 */

const QUESTIONS = ['床前明月光', '李白的诗', '春眠不觉晓', '杜甫 春望', 'Debian 软件包', '菜根谭', '长征', '王维'];
const TYPED = ['', 't', 'tang300/0', '李', '春', 'song100/00', '明月', 'chinese/1', 'zz-no-match'];

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! : NaN;
}
const ms = (n: number): string => `${n.toFixed(1)} ms`;
const mb = (n: number): string => `${(n / 1024 / 1024).toFixed(0)} MB`;

/**
 * CPU time the main thread has used, in ms, from /proc (Linux; 10 ms resolution): unlike wall-clock
 * gaps, it does not count time the OS gave other processes. NaN elsewhere.
 */
function mainThreadCpuMs(): number {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return NaN;
  }
}
const CLOCK_TICKS = 100;

/**
 * While `work` runs: the longest wall-clock gap between setImmediate turns (what an answer could have
 * waited, machine noise included), the most main-thread CPU spent within one such gap (what the
 * bot's own work held the loop for, at /proc's 10 ms resolution), and the longest garbage-collection
 * pause of the main thread (wall clock: a busy machine lengthens it).
 */
async function longestBlock<T>(
  work: Promise<T>,
): Promise<{ result: T; longestMs: number; longestCpuMs: number; longestGcMs: number }> {
  let longestGc = 0;
  const gcs = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) longestGc = Math.max(longestGc, entry.duration);
  });
  gcs.observe({ entryTypes: ['gc'] });
  let longest = 0;
  let longestCpu = 0;
  let last = performance.now();
  let lastCpu = mainThreadCpuMs();
  let done = false;
  const tick = (): void => {
    const now = performance.now();
    const cpu = mainThreadCpuMs();
    longest = Math.max(longest, now - last);
    longestCpu = Math.max(longestCpu, cpu - lastCpu);
    last = now;
    lastCpu = cpu;
    if (!done) setImmediate(tick);
  };
  setImmediate(tick);
  const result = await work;
  done = true;
  gcs.disconnect();
  return { result, longestMs: longest, longestCpuMs: longestCpu, longestGcMs: longestGc };
}

/** Answers questions paced every `everyMs` until `until` settles; returns each one's latency. */
async function answerWhile(library: Library, until: Promise<unknown>, everyMs: number): Promise<number[]> {
  const times: number[] = [];
  // An object, not a let: the loop reads what the promise's callback sets.
  const state = { done: false };
  void until.finally(() => (state.done = true));
  let i = 0;
  while (!state.done) {
    const asked = performance.now();
    await new Promise<void>((resolve) =>
      setTimeout(() => {
        answerQuestion(library.index, QUESTIONS[i++ % QUESTIONS.length]!);
        times.push(performance.now() - asked - everyMs);
        resolve();
      }, everyMs),
    );
  }
  return times;
}

async function main(): Promise<void> {
  if (!fortunesAvailable()) {
    console.error(`fortunes-zh is not installed in ${FORTUNES_DIR}: apt-get install fortunes-zh`);
    process.exit(2);
  }
  const dir = await mkdtemp(path.join(os.tmpdir(), 'wenda-measure-'));
  try {
    await writeFortunesCorpus(dir, await readFortunes());
    const library = new Library({ corpusDir: dir, snapshot: true, warmUp: 'background' }); // as the bot runs it
    const opened = await library.open();
    const openedRss = process.memoryUsage().rss;
    console.log(
      `fortunes-zh: ${opened.documents} documents, ${opened.passages} passages (opened in ${ms(opened.tookMs)}, RSS ${mb(openedRss)})`,
    );
    // Tables the first questions build once per process (dictionaries, readings) are not a reindex's cost.
    for (const question of QUESTIONS) answerQuestion(library.index, question);

    // Autocomplete on the live index.
    const ac: number[] = [];
    for (let round = 0; round < 20; round++)
      for (const typed of TYPED) {
        const t0 = performance.now();
        passageChoices(library.index, typed, 25);
        ac.push(performance.now() - t0);
      }
    console.log(`/source autocomplete: p50 ${ms(pct(ac, 50))}, p99 ${ms(pct(ac, 99))}, max ${ms(Math.max(...ac))}`);

    // Answers without a reindex, then during one (same run, same pacing). The longest gap while idle is
    // the machine's own noise (other processes taking the CPU), against which the reindex's is read.
    const quiet = new Promise((r) => setTimeout(r, 3_000));
    const [idle, idleProbe] = await Promise.all([answerWhile(library, quiet, 20), longestBlock(quiet)]);
    console.log(
      `no reindex: longest event-loop gap ${ms(idleProbe.longestMs)} (machine noise), main-thread CPU in one turn ≤ ${ms(idleProbe.longestCpuMs)}`,
    );
    const reindex = library.reindex();
    const [busy, probe] = await Promise.all([answerWhile(library, reindex, 20), longestBlock(reindex)]);
    const report = probe.result;
    if (!report.ok) throw new Error(`reindex failed: ${report.error}`);
    console.log(
      `reindex took ${ms(report.tookMs)}; during it: longest event-loop gap ${ms(probe.longestMs)}, main-thread CPU in one turn ≤ ${ms(probe.longestCpuMs)}, longest GC pause ${ms(probe.longestGcMs)}`,
    );
    console.log(
      `answer wait (paced every 20 ms): without reindex p50 ${ms(pct(idle, 50))} p99 ${ms(pct(idle, 99))} (n=${idle.length}); ` +
        `during reindex p50 ${ms(pct(busy, 50))} p99 ${ms(pct(busy, 99))} (n=${busy.length})`,
    );

    // Memory over 8 back-to-back reindexes.
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    let longest = 0;
    let longestCpu = 0;
    let longestGc = 0;
    for (let i = 0; i < 8; i++) {
      const r = await longestBlock(library.reindex());
      if (!r.result.ok) throw new Error(`reindex failed: ${r.result.error}`);
      longest = Math.max(longest, r.longestMs);
      longestCpu = Math.max(longestCpu, r.longestCpuMs);
      longestGc = Math.max(longestGc, r.longestGcMs);
    }
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);
    console.log(
      `8 back-to-back reindexes: RSS before ${mb(before)}, peak ${mb(peak)} (${(peak / before).toFixed(2)}×; ` +
        `${(peak / openedRss).toFixed(2)}× the RSS after opening); ` +
        `over all 8: longest gap ${ms(longest)}, main-thread CPU in one turn ≤ ${ms(longestCpu)}, longest GC pause ${ms(longestGc)}; heap limit ${mb((await import('node:v8')).getHeapStatistics().heap_size_limit)}`,
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
