/**
 * Summary statistics for timings (the bench, the load test): percentiles over a set of samples.
 * Pure functions, no I/O.
 */

/** Count, extremes, mean and the percentiles the benches report, in the samples' unit. */
export interface Summary {
  count: number;
  min: number;
  mean: number;
  median: number;
  p90: number;
  p99: number;
  max: number;
}

/**
 * The p-th percentile (0–100) of samples sorted ascending, interpolating linearly between the two
 * nearest ranks (numpy's default, Excel's PERCENTILE.INC): the median of [1, 2, 3, 4] is 2.5, and
 * p100 is the maximum. NaN for no samples. The caller sorts once and asks for several percentiles.
 */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  if (p < 0 || p > 100) throw new RangeError(`percentile ${p} is not between 0 and 100`);
  const rank = (p / 100) * (sorted.length - 1);
  const below = Math.floor(rank);
  const lower = sorted[below]!;
  const upper = sorted[Math.min(below + 1, sorted.length - 1)]!;
  return lower + (upper - lower) * (rank - below);
}

/** Summarises samples in any order (they are not modified). All fields are NaN for no samples. */
export function summarize(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const mean = sorted.length === 0 ? Number.NaN : sorted.reduce((sum, x) => sum + x, 0) / sorted.length;
  return {
    count: sorted.length,
    min: percentile(sorted, 0),
    mean,
    median: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
    max: percentile(sorted, 100),
  };
}

/** Rounds a number to `digits` decimals (for printing: JSON of raw timings is unreadable noise). */
export function round(value: number, digits = 3): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

/** A summary with every statistic rounded to `digits` decimals (count stays as it is). */
export function roundSummary(summary: Summary, digits = 3): Summary {
  return {
    count: summary.count,
    min: round(summary.min, digits),
    mean: round(summary.mean, digits),
    median: round(summary.median, digits),
    p90: round(summary.p90, digits),
    p99: round(summary.p99, digits),
    max: round(summary.max, digits),
  };
}
