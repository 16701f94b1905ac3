// Start-up and memory of the compiled bot as an operator runs it (`npm run build` first): a fresh
// `node dist/index.js` per run against a local fake Discord, its saved index in place. Each run times
// spawn → first answer (an /ask sent the moment the client identifies, as tooling/firstAnswer.ts does),
// waits for the "dictionaries prepared" log line (the background warm-up after the index goes live),
// asks questions of every kind (Chinese, English, traditional, romanised, mixed), and reads the process's
// RSS and peak RSS from /proc.
// Usage: node --import tsx tooling/botMemory.ts [--runs N] [--corpus article|fortunes|both] [--node-args "…"]
//   [--entry FILE …] (other compiled entries to compare, e.g. an older build: runs interleaved, same corpus).
// Prints one JSON object: medians and p90 over the runs. Loopback only, bounded.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { machine } from './lib/machine.ts';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { summarize } from '../src/cli/stats.ts';
import { Library } from '../src/store/library.ts';
import { fortunesAvailable, readFortunes, writeFortunesCorpus } from './corpora/fortunes.ts';
import { opt } from './harness/botHarness.ts';
import { COMPILED_ENTRY } from './firstAnswer.ts';
import { copyArticleCorpus, launchBot, memoryOfProcess, ROOT as root } from './lib/botProcess.ts';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    corpus: { type: 'string', default: 'both' },
    'node-args': { type: 'string', default: '' },
    entry: { type: 'string', multiple: true },
  },
});
const entries = values.entry ?? [COMPILED_ENTRY];
const runs = Math.max(1, Number(values.runs));
const nodeArgs = values['node-args'].split(' ').filter((a) => a.length > 0);

/** Asked after the warm-up, one of each kind the engine expands differently. */
const ARTICLE_QUESTIONS = [
  '贾扬清在哪里宣布离职的?',
  'Who founded SenseTime?',
  '賈揚清是哪天宣布離職的?',
  'Kai-Fu Lee 的新公司叫什么',
  '李凯复做了什么',
  '光年之外的估值是多少?',
  'what is the valuation of 光年之外',
  '上海明天会下雨吗?',
];

interface Run {
  firstAnswerMs: number;
  warmUpMs: number;
  rssAfterWarmUpMB: number;
  rssAfterQuestionsMB: number;
  peakMB: number;
}

async function once(entry: string, corpusDir: string, questions: readonly string[]): Promise<Run> {
  const { fake, child, started } = await launchBot({
    entry,
    corpusDir,
    nodeArgs,
    env: { LOG_LEVEL: 'info' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const warmedUp = new Promise<number>((resolve, reject) => {
    const lines = createInterface({ input: child.stderr! });
    lines.on('line', (line) => {
      if (line.includes('"dictionaries prepared"')) resolve((JSON.parse(line) as { ms: number }).ms);
      else if (line.includes('could not prepare the dictionaries')) reject(new Error(line));
    });
    child.once('exit', (code) => reject(new Error(`the bot exited (${code}) before its warm-up ended`)));
  });
  warmedUp.catch(() => {});
  try {
    await fake.waitFor('identifies', 1, 60_000);
    const first = fake.command('ask', [opt.string('question', questions[0]!)]);
    await fake.callbackOf(first.id, 60_000);
    const firstAnswerMs = performance.now() - started;
    const warmUpMs = await warmedUp;
    const afterWarmUp = await memoryOfProcess(child.pid!);
    for (let round = 0; round < 3; round++) {
      for (const question of questions) {
        const sent = fake.command('ask', [opt.string('question', question)]);
        await fake.callbackOf(sent.id, 30_000);
      }
    }
    const after = await memoryOfProcess(child.pid!);
    return {
      firstAnswerMs,
      warmUpMs,
      rssAfterWarmUpMB: afterWarmUp.rssMB,
      rssAfterQuestionsMB: after.rssMB,
      peakMB: after.peakMB,
    };
  } finally {
    child.kill('SIGKILL');
    await fake.close();
  }
}

async function measure(corpusDir: string, questions: readonly string[]): Promise<Record<string, unknown>> {
  // The saved index, as a deployed bot has it: its files older than the snapshot's racy window (src/store/manifest.ts),
  // which the files this tool has just written are not; racyMs 0 trusts their times.
  await new Library({ corpusDir, load: { racyMs: 0 } }).open();
  // One unmeasured run per build first: a build of another snapshot format saves its own (old builds: .wenda-index.json).
  for (const entry of entries) await once(entry, corpusDir, questions.slice(0, 1));
  const all = entries.map((): Run[] => []);
  for (let i = 0; i < runs; i++) {
    for (const [e, entry] of entries.entries()) all[e]!.push(await once(entry, corpusDir, questions));
  }
  const report = (done: Run[]): Record<string, unknown> => {
    const figures = (pick: (r: Run) => number): { median: number; p90: number } => {
      const s = summarize(done.map(pick));
      return { median: Math.round(s.median), p90: Math.round(s.p90) };
    };
    return {
      spawnToFirstAnswerMs: figures((r) => r.firstAnswerMs),
      warmUpMs: figures((r) => r.warmUpMs),
      rssAfterWarmUpMB: figures((r) => r.rssAfterWarmUpMB),
      rssAfterQuestionsMB: figures((r) => r.rssAfterQuestionsMB),
      peakRssMB: figures((r) => r.peakMB),
    };
  };
  return Object.fromEntries(entries.map((entry, e) => [path.relative(root, entry), report(all[e]!)]));
}

const work = await mkdtemp(path.join(os.tmpdir(), 'wenda-botmem-'));
try {
  const out: Record<string, unknown> = {
    machine: machine(),
    runs,
    nodeArgs,
  };
  if (values.corpus !== 'fortunes') {
    const article = await copyArticleCorpus(path.join(work, 'article'));
    out.article = await measure(article, ARTICLE_QUESTIONS);
  }
  if (values.corpus !== 'article') {
    if (fortunesAvailable()) {
      const fortunes = path.join(work, 'fortunes');
      const docs = await readFortunes();
      await writeFortunesCorpus(fortunes, docs);
      const lines = docs.slice(0, 20).map((d) => d.body.split('\n').find((l) => l.length > 6) ?? d.title);
      out.fortunes = await measure(fortunes, ['床前明月光', ...lines]);
    } else out.fortunes = { skipped: 'install with: apt-get install fortunes-zh' };
  }
  out.load1mAfter = os.loadavg()[0];
  console.log(JSON.stringify(out, null, 1));
} finally {
  await rm(work, { recursive: true, force: true });
}
