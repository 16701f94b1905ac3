// Cold start with and without the saved index, and reindex time, for the article and fortunes-zh:
// each run is a fresh process (`node --import tsx tooling/openCorpus.ts`), so module loading counts.
// Then spawn → first answer of the compiled bot (`node dist/index.js`) through a local fake Discord,
// gateway included (tooling/firstAnswer.ts; `npm run build` first).
// Usage: node --import tsx tooling/coldStart.ts [--runs N]. Prints one JSON object.
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { machine } from './lib/machine.ts';
import { copyArticleCorpus } from './lib/botProcess.ts';
import { parseArgs } from 'node:util';
import { summarize } from '../src/cli/stats.ts';
import { fortunesAvailable, readFortunes, writeFortunesCorpus } from './corpora/fortunes.ts';
import { SNAPSHOT_FILE } from '../src/store/snapshot.ts';
import { measureFirstAnswer } from './firstAnswer.ts';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' } } });
const runs = Math.max(1, Number(values.runs));
const root = path.resolve(import.meta.dirname, '..');

interface ChildReport {
  source: string;
  passages: number;
  openMs: number;
  readyMs: number;
  reindexMs: number | null;
  rssMB: number;
  heapMB: number;
}

function child(dir: string, mode: 'open' | 'reindex'): ChildReport {
  const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', 'tooling/openCorpus.ts', dir, mode], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, LOG_LEVEL: 'silent' },
  });
  return JSON.parse(out.trim().split('\n').at(-1)!) as ChildReport;
}

async function measure(dir: string, question: string): Promise<Record<string, unknown>> {
  const without: ChildReport[] = [];
  const withSnap: ChildReport[] = [];
  for (let i = 0; i < runs; i++) {
    await rm(path.join(dir, SNAPSHOT_FILE), { force: true });
    without.push(child(dir, 'open')); // builds and saves
    withSnap.push(child(dir, 'open')); // loads what was just saved
  }
  const reindex = Array.from({ length: runs }, () => child(dir, 'reindex'));
  const first = [];
  for (let i = 0; i < runs; i++) first.push(await measureFirstAnswer(dir, question));
  const round = (s: ReturnType<typeof summarize>): Record<string, number> => ({
    median: Math.round(s.median),
    p90: Math.round(s.p90),
    min: Math.round(s.min),
    max: Math.round(s.max),
  });
  return {
    passages: without[0]!.passages,
    sources: { without: [...new Set(without.map((r) => r.source))], with: [...new Set(withSnap.map((r) => r.source))] },
    processReadyMs: {
      withoutSnapshot: round(summarize(without.map((r) => r.readyMs))),
      withSnapshot: round(summarize(withSnap.map((r) => r.readyMs))),
    },
    libraryOpenMs: {
      withoutSnapshot: round(summarize(without.map((r) => r.openMs))),
      withSnapshot: round(summarize(withSnap.map((r) => r.openMs))),
    },
    reindexMs: round(summarize(reindex.map((r) => r.reindexMs ?? Number.NaN))),
    spawnToFirstAnswerMs: round(summarize(first.map((r) => r.answerMs))),
    spawnToIdentifyMs: round(summarize(first.map((r) => r.identifyMs))),
    firstAnswerCpuMs: round(summarize(first.map((r) => r.cpuMs))),
    rssMBAfterOpen: {
      withoutSnapshot: Math.round(summarize(without.map((r) => r.rssMB)).median),
      withSnapshot: Math.round(summarize(withSnap.map((r) => r.rssMB)).median),
    },
  };
}

const work = await mkdtemp(path.join(os.tmpdir(), 'wenda-cold-'));
try {
  const article = await copyArticleCorpus(path.join(work, 'article'));
  const result: Record<string, unknown> = {
    machine: machine(),
    runs,
    article: await measure(article, '商汤科技是谁创立的?'),
  };
  if (fortunesAvailable()) {
    const fortunes = path.join(work, 'fortunes');
    await writeFortunesCorpus(fortunes, await readFortunes());
    result.fortunes = await measure(fortunes, '床前明月光');
  } else {
    result.fortunes = { skipped: 'install with: apt-get install fortunes-zh' };
  }
  console.log(JSON.stringify(result, null, 1));
} finally {
  await rm(work, { recursive: true, force: true });
}
