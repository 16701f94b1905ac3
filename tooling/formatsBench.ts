/**
 * How long loading and splitting a corpus directory takes, per format: `node --import tsx
 * tooling/formatsBench.ts [dir …] [--runs 5]`. Defaults to the shipped corpus and, when installed, the GIMP
 * manual's HTML (/usr/share/gimp/2.0/help/zh_CN, read in place, never copied). Prints the median of the
 * runs, the passage count and every file that was skipped (with why).
 */
import { existsSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { splitPassages } from '../src/engine/passages.ts';
import { loadCorpus } from '../src/store/corpus.ts';

const GIMP_DIR = '/usr/share/gimp/2.0/help/zh_CN';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function measure(dir: string, runs: number): Promise<void> {
  const loadMs: number[] = [];
  const splitMs: number[] = [];
  let passages = 0;
  let corpus = await loadCorpus(dir);
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    corpus = await loadCorpus(dir);
    const t1 = performance.now();
    passages = corpus.documents.reduce((n, doc) => n + splitPassages(doc).length, 0);
    loadMs.push(t1 - t0);
    splitMs.push(performance.now() - t1);
  }
  const byFormat = new Map<string, number>();
  for (const doc of corpus.documents) byFormat.set(doc.format ?? '?', (byFormat.get(doc.format ?? '?') ?? 0) + 1);
  const chars = corpus.documents.reduce((n, doc) => n + doc.body.length, 0);
  console.log(dir);
  console.log(
    `  documents ${corpus.documents.length} (${[...byFormat].map(([f, n]) => `${f} ${n}`).join(', ')}), ` +
      `body ${(chars / 1e3).toFixed(0)} k chars, passages ${passages}`,
  );
  console.log(
    `  load+parse median ${median(loadMs).toFixed(1)} ms, split median ${median(splitMs).toFixed(1)} ms (${runs} runs)`,
  );
  const skipped = corpus.problems.filter((p) => !p.reason.startsWith('skipped: only'));
  console.log(`  problems ${skipped.length} (plus ${corpus.problems.length - skipped.length} files of other types)`);
  for (const p of skipped) console.log(`    ${p.file}: ${p.reason}`);
}

const args = process.argv.slice(2);
const runsAt = args.indexOf('--runs');
const runs = runsAt >= 0 ? Number(args.splice(runsAt, 2)[1]) : 5;
const dirs = args.length > 0 ? args : ['corpus', ...(existsSync(GIMP_DIR) ? [GIMP_DIR] : [])];
for (const dir of dirs) await measure(dir, runs);
