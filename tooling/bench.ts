import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import v8 from 'node:v8';
import vm from 'node:vm';
import { answerQuestion } from '../src/engine/answer.ts';
import { loadCorpus } from '../src/store/corpus.ts';
import { FORTUNES_DIR, fortunesAvailable, readFortunes } from './corpora/fortunes.ts';
import { buildIndex, type SearchIndex } from '../src/engine/searchIndex.ts';
import type { CorpusDocument } from '../src/engine/types.ts';
import { runMain } from '../src/cli/runMain.ts';
import { round, roundSummary, summarize, type Summary } from '../src/cli/stats.ts';
import { positiveInt } from './lib/args.ts';
import { DEV_QUESTIONS, readEvalQuestions } from './lib/questions.ts';
import { seededRandom } from './lib/random.ts';
import { sleep } from './lib/sleep.ts';

/**
 * The performance bench: for the article corpus and the fortunes-zh corpus, how long loading,
 * building and answering take, and how much memory and snapshot space the index needs. Prints one
 * JSON object on stdout (progress on stderr), with the targets and whether they are met.
 * Targets are reported, never asserted: timings depend on the machine.
 */

const USAGE =
  'usage: npm run bench [-- [--corpus DIR] [--fortunes-dir DIR] [--queries N] [--warmup N] [--article-runs N] [--fortunes-runs N]]';

/** Questions no document answers, for both corpora: their latency (usually a quick "not found") counts too. */
const OFFTOPIC_QUESTIONS: readonly string[] = [
  '上海明天会下雨吗?',
  '怎么学习JavaScript?',
  'Who won the 2018 World Cup?',
  '比特币现在多少钱?',
  '意大利面要煮几分钟?',
  'iPhone 15 的电池容量是多少?',
  '特斯拉的股价为什么下跌?',
  '去北京的高铁票怎么买?',
  'How do I reset my router password?',
  '世界杯冠军是哪个国家?',
  '如何减肥最快?',
  '量子计算机能破解RSA吗?',
];

interface BenchOptions {
  corpusDir: string;
  fortunesDir: string;
  queries: number;
  warmup: number;
  articleRuns: number;
  fortunesRuns: number;
}

interface MemoryFigures {
  heapUsedMB: number;
  heapTotalMB: number;
  rssMB: number;
}

interface CorpusFigures {
  documents: number;
  passages: number;
  loadMs: number;
  /** The first build (caches cold), then `runs` builds from the loaded documents. */
  firstBuildMs: number;
  buildMs: Summary;
  queries: {
    distinct: number;
    warmup: number;
    answeredShare: number;
    latencyMs: Summary;
    /** The same latencies by kind of question: where the slow ones come from. */
    byKind: Record<string, { count: number; answeredShare: number; median: number; p99: number; max: number }>;
  };
  /** Settled figures (see `settledMemory`), and the process's peak RSS so far (the timed builds come later). */
  memory: { afterBuild: MemoryFigures; afterQueries: MemoryFigures; peakRssMB: number };
  snapshot: { minisearchBytes: number; passagesBytes: number; bytes: number; documentsBytes: number };
}

/** A function that runs a full garbage collection, or null when none can be had. */
type Gc = () => void;

/**
 * `global.gc` when node runs with --expose-gc; otherwise the flag is turned on at run time and the
 * function taken from a fresh context (V8 installs `gc` in contexts created after the flag is set),
 * so a plain `tsx tooling/bench.ts` measures memory after a collection too.
 */
function findGc(): { gc: Gc | null; how: string } {
  const exposed = (globalThis as { gc?: unknown }).gc;
  if (typeof exposed === 'function') return { gc: exposed as Gc, how: '--expose-gc' };
  try {
    v8.setFlagsFromString('--expose-gc');
    const fromContext: unknown = vm.runInNewContext('gc');
    if (typeof fromContext === 'function') return { gc: fromContext as Gc, how: 'v8.setFlagsFromString' };
  } catch {
    // Fall through: memory is then measured without a collection, and the JSON says so.
  }
  return { gc: null, how: 'none (figures include garbage)' };
}

const MB = 1024 * 1024;

/**
 * Memory after a full collection and a pause. The pause matters: V8 returns freed pages to the OS from
 * a background thread, so RSS read right after a burst of queries and a collection still counts them
 * (measured: 1,009 MB, settling to 332 MB within 250 ms). An idle process drops a little further later,
 * when V8 shrinks the heap (about 30 MB on the fortunes).
 */
async function settledMemory(gc: Gc | null): Promise<MemoryFigures> {
  for (let i = 0; i < 2; i++) {
    gc?.();
    await sleep(250);
  }
  const { heapUsed, heapTotal, rss } = process.memoryUsage();
  return { heapUsedMB: round(heapUsed / MB, 1), heapTotalMB: round(heapTotal / MB, 1), rssMB: round(rss / MB, 1) };
}

/** The highest RSS the process has had, in MB (Linux reports maxRSS in KiB). */
function peakRssMB(): number {
  return round(process.resourceUsage().maxRSS / 1024, 1);
}

function progress(message: string): void {
  console.error(`bench: ${message}`);
}

/** Milliseconds `fn` takes, and what it returned. */
function timed<T>(fn: () => T): { ms: number; value: T } {
  const start = performance.now();
  const value = fn();
  return { ms: performance.now() - start, value };
}

async function timedAsync<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await fn();
  return { ms: performance.now() - start, value };
}

/** A benchmark question and what kind it is (reported separately). */
interface Question {
  text: string;
  kind: string;
}

/** Build times over `runs` builds; each index is dropped at once, so only one is alive at a time. */
function timeBuilds(documents: readonly CorpusDocument[], runs: number): number[] {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) samples.push(timed(() => buildIndex(documents)).ms);
  return samples;
}

/** One timed answer. */
interface Sample {
  kind: string;
  ms: number;
  answered: boolean;
}

/**
 * End-to-end latency of `answerQuestion`, cycling through the questions: `warmup` untimed calls
 * (jieba's dictionary loads on the first question), then `count` timed ones. The defaults (1,000 then
 * 5,000) measure a bot that has been answering for a while: with 200 warm-up calls V8's optimising
 * compiler is still at work in the first timed ones (article p99 about 1 ms, against 0.45–0.5 ms).
 */
function timeQueries(index: SearchIndex, questions: readonly Question[], count: number, warmup: number): Sample[] {
  for (let i = 0; i < warmup; i++) answerQuestion(index, questions[i % questions.length]!.text);
  const samples: Sample[] = [];
  for (let i = 0; i < count; i++) {
    const { text, kind } = questions[(warmup + i) % questions.length]!;
    const { ms, value } = timed(() => answerQuestion(index, text));
    samples.push({ kind, ms, answered: value.answered });
  }
  return samples;
}

function answeredShare(samples: readonly Sample[]): number {
  return round(samples.filter((s) => s.answered).length / samples.length);
}

/** Latency figures overall and per kind of question. */
function queryFigures(
  questions: readonly Question[],
  samples: readonly Sample[],
  warmup: number,
): CorpusFigures['queries'] {
  const byKind: CorpusFigures['queries']['byKind'] = {};
  for (const kind of new Set(samples.map((s) => s.kind))) {
    const own = samples.filter((s) => s.kind === kind);
    const { count, median, p99, max } = roundSummary(summarize(own.map((s) => s.ms)));
    byKind[kind] = { count, answeredShare: answeredShare(own), median, p99, max };
  }
  return {
    distinct: questions.length,
    warmup,
    answeredShare: answeredShare(samples),
    latencyMs: roundSummary(summarize(samples.map((s) => s.ms))),
    byKind,
  };
}

/** The size of the index's big parts as UTF-8 JSON (what a snapshot held up to format 4; format 5 is binary). */
function snapshotSize(index: SearchIndex): CorpusFigures['snapshot'] {
  const minisearchBytes = Buffer.byteLength(JSON.stringify(index.search.toJSON()));
  const passagesBytes = Buffer.byteLength(JSON.stringify(index.passages));
  const documentsBytes = Buffer.byteLength(JSON.stringify([...index.documents.values()]));
  return { minisearchBytes, passagesBytes, bytes: minisearchBytes + passagesBytes, documentsBytes };
}

/** Loads, builds, queries and measures one corpus. */
async function benchCorpus(
  name: string,
  load: () => Promise<CorpusDocument[]>,
  questionsFor: (documents: readonly CorpusDocument[]) => Question[] | Promise<Question[]>,
  runs: number,
  options: BenchOptions,
  gc: Gc | null,
): Promise<CorpusFigures> {
  progress(`${name}: loading`);
  const loaded = await timedAsync(load);
  const documents = loaded.value;
  // Memory is measured with this one index alive, before the timing builds churn the heap.
  const first = timed(() => buildIndex(documents));
  const index = first.value;
  progress(
    `${name}: ${documents.length} documents, ${index.passages.length} passages, first build ${first.ms.toFixed(0)} ms`,
  );
  const afterBuild = await settledMemory(gc);

  const questions = await questionsFor(documents);
  progress(
    `${name}: ${options.warmup} warm-up + ${options.queries} queries over ${questions.length} distinct questions`,
  );
  const samples = timeQueries(index, questions, options.queries, options.warmup);
  const peak = peakRssMB();
  const afterQueries = await settledMemory(gc);
  const snapshot = snapshotSize(index);

  progress(`${name}: ${runs} timed builds`);
  const builds = timeBuilds(documents, runs);
  return {
    documents: documents.length,
    passages: index.passages.length,
    loadMs: round(loaded.ms),
    firstBuildMs: round(first.ms),
    buildMs: roundSummary(summarize(builds)),
    queries: queryFigures(questions, samples, options.warmup),
    memory: { afterBuild, afterQueries, peakRssMB: peak },
    snapshot,
  };
}

/** The article's development questions, on-topic and off-topic. */
async function articleQuestions(): Promise<Question[]> {
  const { onTopic, offTopic } = await readEvalQuestions([DEV_QUESTIONS]);
  return [
    ...onTopic.map((text) => ({ text, kind: 'on-topic' })),
    ...offTopic.map((text) => ({ text, kind: 'off-topic' })),
  ];
}

/** The lines of a document someone could quote: 6–40 characters once trimmed (no blank lines, no walls of text). */
function quotableLines(doc: CorpusDocument): string[] {
  return doc.body
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => Array.from(line).length >= 6 && Array.from(line).length <= 40);
}

/** How someone would name an author: "杜甫" for "杜甫《春望》", "Osamu Aoki" for "Osamu Aoki (青木修), Debian 参考手册…". */
function shortAuthor(author: string): string {
  const name = author.split(/[《(（,，]/)[0]!.trim();
  return name !== '' ? name : author.replace(/[《》]/g, '');
}

/**
 * A deterministic mix for the fortunes: half quoted lines (of poems and sayings), three in ten title
 * lookups ("《静夜思》是谁写的?", "李白的静夜思"), two in ten off-topic questions.
 */
function fortuneQuestions(documents: readonly CorpusDocument[], count = 1000): Question[] {
  const random = seededRandom(42);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const poems = documents.filter((d) => !d.id.startsWith('chinese/'));
  const titled = documents.filter((d) => d.author !== null && Array.from(d.title).length <= 20);
  const questions: Question[] = [];
  while (questions.length < count) {
    const roll = random();
    if (roll < 0.5) {
      const lines = quotableLines(pick(random() < 0.5 ? poems : documents));
      if (lines.length > 0) questions.push({ text: pick(lines), kind: 'line' });
    } else if (roll < 0.8) {
      const doc = pick(titled);
      questions.push({
        text: random() < 0.5 ? `《${doc.title}》是谁写的?` : `${shortAuthor(doc.author!)}的${doc.title}`,
        kind: 'title',
      });
    } else {
      questions.push({ text: pick(OFFTOPIC_QUESTIONS), kind: 'off-topic' });
    }
  }
  return questions;
}

/** The targets beside the measured figures. */
function targets(
  article: CorpusFigures,
  fortunes: CorpusFigures | null,
): Array<{ what: string; target: string; actual: number | null; met: boolean | null }> {
  const row = (what: string, target: number, unit: string, actual: number | null) => ({
    what,
    target: `≤ ${target} ${unit}`,
    actual,
    met: actual === null ? null : actual <= target,
  });
  return [
    row('article answer p99', 1, 'ms', article.queries.latencyMs.p99),
    row('fortunes build median', 1500, 'ms', fortunes?.buildMs.median ?? null),
    row('fortunes answer p99', 5, 'ms', fortunes?.queries.latencyMs.p99 ?? null),
    row('fortunes RSS after queries (settled)', 300, 'MB', fortunes?.memory.afterQueries.rssMB ?? null),
  ];
}

function readOptions(): BenchOptions {
  const { values } = parseArgs({
    options: {
      corpus: { type: 'string', default: 'corpus' },
      'fortunes-dir': { type: 'string', default: FORTUNES_DIR },
      queries: { type: 'string' },
      warmup: { type: 'string' },
      'article-runs': { type: 'string' },
      'fortunes-runs': { type: 'string' },
    },
  });
  return {
    corpusDir: values.corpus,
    fortunesDir: values['fortunes-dir'],
    // A bot answers for days: the figures that matter are after V8 has optimised the hot path.
    queries: positiveInt(values.queries, 'queries', 5000),
    warmup: positiveInt(values.warmup, 'warmup', 1000),
    articleRuns: positiveInt(values['article-runs'], 'article-runs', 15),
    fortunesRuns: positiveInt(values['fortunes-runs'], 'fortunes-runs', 7),
  };
}

await runMain(USAGE, async () => {
  const options = readOptions();
  // Other processes skew timings: the load average is in the report so a noisy run can be told apart.
  const loadBefore = os.loadavg()[0] ?? 0;
  const { gc, how } = findGc();
  const baseline = await settledMemory(gc);
  const article = await benchCorpus(
    'article',
    async () => (await loadCorpus(options.corpusDir)).documents,
    articleQuestions,
    options.articleRuns,
    options,
    gc,
  );

  let fortunes: CorpusFigures | { skipped: string };
  if (fortunesAvailable(options.fortunesDir)) {
    fortunes = await benchCorpus(
      'fortunes',
      () => readFortunes(options.fortunesDir),
      fortuneQuestions,
      options.fortunesRuns,
      options,
      gc,
    );
  } else {
    fortunes = { skipped: 'install with: apt-get install fortunes-zh' };
    progress(
      `fortunes: skipped, ${options.fortunesDir} has no fortunes-zh files (install with: apt-get install fortunes-zh)`,
    );
  }

  const cpus = os.cpus();
  const report = {
    timestamp: new Date().toISOString(),
    machine: {
      cpu: cpus[0]?.model ?? 'unknown',
      cpus: cpus.length,
      node: process.version,
      platform: `${process.platform} ${process.arch}`,
      loadAverage1m: { before: round(loadBefore, 2), after: round(os.loadavg()[0] ?? 0, 2) },
    },
    gc: how,
    baselineMemory: baseline,
    article,
    fortunes,
    targets: targets(article, 'skipped' in fortunes ? null : fortunes),
  };
  console.log(JSON.stringify(report, null, 2));
});
