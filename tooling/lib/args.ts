import { UsageError } from '../../src/cli/runMain.ts';

/** `text` as a whole number from `min` to `max`, or a usage error naming the allowed range. */
export function bounded(text: string, min: number, max: number): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new UsageError(`expected a whole number from ${min} to ${max}, got "${text}"`);
  return n;
}

/** The value of `--name` as a positive whole number, `fallback` when the flag is absent, or a usage error. */
export function positiveInt(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--${name} must be a positive integer, not ${value}`);
  return n;
}
