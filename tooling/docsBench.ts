// The documentation corpora's speed: for manpages-zh and the GIMP manual (when installed), how long the
// index build takes and how fast their own eval questions are answered, and the RSS after. Prints JSON.
//   node --expose-gc --import tsx tooling/docsBench.ts [--suite manpages|gimp] [--builds 5] [--queries 3000]
// The questions are every question of the suite's tune and test halves: this measures time, not quality.
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { answerQuestion } from '../src/engine/answer.ts';
import { buildIndex } from '../src/engine/searchIndex.ts';
import { loadCorpus } from '../src/store/corpus.ts';
import { round, roundSummary, summarize } from '../src/cli/stats.ts';
import { readEvalSet } from './eval/evaluate.ts';
import { SUITES } from './eval/suites.ts';
import { positiveInt } from './lib/args.ts';
import { machine } from './lib/machine.ts';

const { values } = parseArgs({
  options: { suite: { type: 'string' }, builds: { type: 'string' }, queries: { type: 'string' } },
});
const builds = positiveInt(values.builds, 'builds', 5);
const queries = positiveInt(values.queries, 'queries', 3_000);
const WARMUP = 500;

const rssMB = (): number => {
  (globalThis as { gc?: () => void }).gc?.();
  return round(process.memoryUsage().rss / 2 ** 20, 1);
};

const report: Record<string, unknown> = { machine: machine() };
for (const suite of SUITES.filter((s) => s.name !== 'article' && (values.suite ?? s.name) === s.name)) {
  const dir = await suite.corpus();
  if (dir === null) {
    console.error(`${suite.name}: not installed, skipped`);
    continue;
  }
  const { documents } = await loadCorpus(dir);
  const buildMs: number[] = [];
  let index = buildIndex(documents);
  for (let i = 0; i < builds; i++) {
    const started = performance.now();
    index = buildIndex(documents);
    buildMs.push(performance.now() - started);
  }
  const sets = await Promise.all([...suite.tune, ...suite.test].map(readEvalSet));
  const questions = sets.flatMap((s) => s.questions.map((q) => q.q));
  for (let i = 0; i < WARMUP; i++) answerQuestion(index, questions[i % questions.length]!);
  const latency: number[] = [];
  for (let i = 0; i < queries; i++) {
    const started = performance.now();
    answerQuestion(index, questions[i % questions.length]!);
    latency.push(performance.now() - started);
  }
  report[suite.name] = {
    documents: documents.length,
    passages: index.passages.length,
    buildMs: roundSummary(summarize(buildMs), 0),
    questions: questions.length,
    answerMs: roundSummary(summarize(latency), 2),
    rssMBAfter: rssMB(),
  };
  console.error(`${suite.name}: done`);
}
console.log(JSON.stringify(report, null, 2));
