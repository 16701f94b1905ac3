// Runs the load test (tooling/loadTest.ts) with and without one of its flags, alternately, each run a fresh
// process, and prints the medians of each side's figures and the change: what the flag's feature costs the
// answer path, with the machine's noise spread over both sides alike.
// Each figure is the median of its side's runs, with the lowest and highest run beside it.
//   node --import tsx tooling/loadCompare.ts [--flag teaching] [--runs 3] [-- load test options …]
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { round } from '../src/cli/stats.ts';
import { positiveInt } from './lib/args.ts';

const { values, positionals } = parseArgs({
  options: { flag: { type: 'string', default: 'teaching' }, runs: { type: 'string' } },
  allowPositionals: true,
});
const runs = positiveInt(values.runs, 'runs', 3);
const root = path.resolve(import.meta.dirname, '..');

interface Phase {
  phase: string;
  latencyMs: { median: number; p99: number };
  cpu: { msPerQuestion: number };
  failed: number;
}
interface LoadReport {
  phases: Phase[];
  memory: { after: { rssMB: number } };
}

function loadRun(withFlag: boolean): LoadReport {
  const args = ['--expose-gc', '--import', 'tsx', 'tooling/loadTest.ts', ...positionals];
  if (withFlag) args.push(`--${values.flag}`);
  const out = execFileSync(process.execPath, args, {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
    maxBuffer: 64 * 2 ** 20,
  });
  return JSON.parse(out) as LoadReport;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

const sides: Record<'without' | 'with', LoadReport[]> = { without: [], with: [] };
for (let i = 0; i < runs; i++) {
  // Alternate which side goes first, so a trend in the machine's load falls on both.
  for (const side of i % 2 === 0 ? (['without', 'with'] as const) : (['with', 'without'] as const)) {
    console.error(`run ${i + 1}/${runs} ${side} --${values.flag}`);
    sides[side].push(loadRun(side === 'with'));
  }
}

/** A figure over one side's runs: the median, and the lowest and highest run. */
interface Spread {
  median: number;
  range: [number, number];
}
const spread = (xs: number[], digits: number): Spread => ({
  median: round(median(xs), digits),
  range: [round(Math.min(...xs), digits), round(Math.max(...xs), digits)],
});

const figures = (reports: LoadReport[]): Record<string, Spread> => {
  const out: Record<string, Spread> = {};
  reports[0]!.phases.forEach((p, i) => {
    const of = (pick: (x: Phase) => number): Spread =>
      spread(
        reports.map((r) => pick(r.phases[i]!)),
        2,
      );
    out[`${p.phase}: median ms`] = of((x) => x.latencyMs.median);
    out[`${p.phase}: p99 ms`] = of((x) => x.latencyMs.p99);
    out[`${p.phase}: CPU ms per question`] = of((x) => x.cpu.msPerQuestion);
    out[`${p.phase}: failed`] = of((x) => x.failed);
  });
  out['RSS after, MB'] = spread(
    reports.map((r) => r.memory.after.rssMB),
    1,
  );
  return out;
};
const without = figures(sides.without);
const withFlag = figures(sides.with);
const rows = Object.keys(without).map((key) => {
  const [a, b] = [without[key]!, withFlag[key]!];
  return {
    figure: key,
    without: a.median,
    with: b.median,
    changePct: a.median ? round(((b.median - a.median) / a.median) * 100, 1) : null,
    withoutRange: a.range,
    withRange: b.range,
  };
});
console.log(JSON.stringify({ flag: values.flag, runsEachSide: runs, medians: rows }, null, 2));
