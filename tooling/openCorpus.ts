// Child of tooling/coldStart.ts: opens a corpus as the bot does at start-up and prints, as JSON, how
// long it took from process start (module loading included), the library's own time, and memory.
import { performance } from 'node:perf_hooks';
import { Library } from '../src/store/library.ts';

const [dir, mode] = process.argv.slice(2);
if (!dir) {
  console.error('usage: node --import tsx tooling/openCorpus.ts DIR [open|reindex]');
  process.exit(2);
}
// racyMs 0: the corpus coldStart has just written is trusted as a deployed bot's older files are (src/store/manifest.ts).
const library = new Library({ corpusDir: dir, snapshot: true, load: { maxFileBytes: 50 * 1024 * 1024, racyMs: 0 } });
const report = await library.open();
const readyMs = performance.now();
let reindexMs: number | null = null;
if (mode === 'reindex') reindexMs = (await library.reindex()).tookMs;
global.gc?.();
const mem = process.memoryUsage();
console.log(
  JSON.stringify({
    source: report.source,
    passages: report.passages,
    openMs: report.tookMs,
    readyMs,
    reindexMs,
    rssMB: mem.rss / 2 ** 20,
    heapMB: mem.heapUsed / 2 ** 20,
  }),
);
