/**
 * Cost of the lexicon modules, each measured in fresh processes (median of several):
 *   node --expose-gc --import tsx tooling/lexiconBench.ts [runs]
 * Build times are given as wall time and as CPU time (user + system; on a loaded machine wall time also
 * counts waiting for a core). dictionary: time and RSS/heap added by building CC-CEDICT on first use (jieba's IDF table, which the
 * engine loads anyway, is loaded before measuring), then the time of a word's first lookup and of a repeated one. pinyin: building the pinyin index
 * over 50,000 Han words of 2–4 characters from jieba's dictionary, its RSS/heap, and lookup time.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const self = fileURLToPath(import.meta.url);
const gc = (): void => (globalThis as { gc?: () => void }).gc?.();
/** User + system CPU time: on a shared machine, closer to the cost than wall time (which also counts waiting). */
const cpuMs = (usage: NodeJS.CpuUsage): number => (usage.user + usage.system) / 1000;
const mb = (bytes: number): number => Math.round(bytes / 1e5) / 10;

/** Runs a build between two full collections: its result, wall and CPU time, and the RSS and heap it added. */
function measuredBuild<T>(build: () => T): {
  value: T;
  figures: { buildMs: number; buildCpuMs: number; rssMB: number; heapMB: number };
} {
  gc();
  const before = process.memoryUsage();
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const value = build();
  const buildMs = performance.now() - t0;
  const buildCpuMs = cpuMs(process.cpuUsage(cpu0));
  gc();
  const after = process.memoryUsage();
  return {
    value,
    figures: { buildMs, buildCpuMs, rssMB: mb(after.rss - before.rss), heapMB: mb(after.heapUsed - before.heapUsed) },
  };
}

async function measureDictionary(): Promise<Record<string, number>> {
  const { warmUpSpecificity } = await import('../src/engine/specificity.ts');
  const dictionary = await import('../src/engine/lexicon/dictionary.ts');
  const cpuIdf = process.cpuUsage();
  warmUpSpecificity();
  // For scale: the engine's own jieba IDF table (documented as ~100 ms on an idle machine).
  const idfTableCpuMs = cpuMs(process.cpuUsage(cpuIdf));
  const { figures } = measuredBuild(() => dictionary.warmUpDictionary());
  const words = ['flip', 'horizontal', 'founder', 'resign', 'valuation', 'layers', 'deleted', 'compressing'];
  const fresh = ['company', 'invest', 'model', 'startup', 'transparent', 'blur', 'directory', 'compress'];
  const t1 = performance.now();
  for (const w of fresh) dictionary.englishToChinese(w);
  const firstLookupUs = ((performance.now() - t1) / fresh.length) * 1000;
  for (const w of words) dictionary.englishToChinese(w);
  const t2 = performance.now();
  for (let i = 0; i < 100; i++) for (const w of words) dictionary.englishToChinese(w);
  const lookupUs = ((performance.now() - t2) / (100 * words.length)) * 1000;
  return {
    idfTableCpuMs,
    ...figures,
    firstLookupUs,
    lookupUs,
  };
}

async function measurePinyin(): Promise<Record<string, number>> {
  const { idf } = await import('@node-rs/jieba/dict.js');
  const { buildPinyinIndex } = await import('../src/engine/lexicon/pinyin.ts');
  const words: string[] = [];
  for (const line of new TextDecoder().decode(idf).split('\n')) {
    const word = line.slice(0, line.lastIndexOf(' '));
    if (/^\p{Script=Han}{2,4}$/u.test(word)) words.push(word);
    if (words.length === 50_000) break;
  }
  const { value: index, figures } = measuredBuild(() => buildPinyinIndex(words));
  const probes = words.slice(0, 1000);
  const t1 = performance.now();
  for (const w of probes) index.findSoundAlike(w);
  const soundAlikeUs = ((performance.now() - t1) / probes.length) * 1000;
  const t2 = performance.now();
  for (let i = 0; i < 200; i++) index.findRomanized('Kai-Fu Lee');
  const romanizedUs = ((performance.now() - t2) / 200) * 1000;
  return {
    words: index.size,
    ...figures,
    soundAlikeUs,
    romanizedUs,
  };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

const which = process.env.LEXICON_BENCH_ONE;
if (which === 'dictionary' || which === 'pinyin') {
  const figures = which === 'dictionary' ? await measureDictionary() : await measurePinyin();
  process.stdout.write(JSON.stringify(figures));
} else {
  const runs = Number(process.argv[2] ?? 5);
  for (const part of ['dictionary', 'pinyin']) {
    const samples: Array<Record<string, number>> = [];
    for (let i = 0; i < runs; i++) {
      const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', self], {
        env: { ...process.env, LEXICON_BENCH_ONE: part },
        encoding: 'utf8',
      });
      samples.push(JSON.parse(out) as Record<string, number>);
    }
    const keys = Object.keys(samples[0] ?? {});
    const summary = Object.fromEntries(keys.map((k) => [k, Math.round(median(samples.map((s) => s[k]!)) * 10) / 10]));
    console.log(`${part} (median of ${runs} fresh processes):`, summary);
  }
}
