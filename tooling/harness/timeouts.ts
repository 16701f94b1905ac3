/**
 * The one setting every wait in the test suite derives from. On a slow or busy machine (CI, a laptop
 * compiling beside the tests) set TEST_TIMEOUT_SCALE=2 or 3 and every timeout grows by that factor: vitest's
 * test and hook timeouts (vitest.config.ts), the fake Discord's waits and the tests' own waits. The defaults
 * are already generous: a wait that succeeds returns as soon as its event happens, so a long timeout costs
 * nothing unless something is broken.
 */
function readScale(raw: string | undefined): number {
  const scale = Number(raw);
  return raw !== undefined && raw !== '' && Number.isFinite(scale) && scale > 0 ? scale : 1;
}

/** The factor from TEST_TIMEOUT_SCALE (default 1; ignored unless a positive number). */
export const TIMEOUT_SCALE = readScale(process.env.TEST_TIMEOUT_SCALE);

/** `ms` times {@link TIMEOUT_SCALE}, rounded to a whole millisecond. */
export function scaled(ms: number): number {
  return Math.round(ms * TIMEOUT_SCALE);
}

/** How long a test or a hook may run before vitest fails it, ms. */
export const TEST_TIMEOUT_MS = scaled(120_000);

/** How long a test waits for one event (a reply, a log line, a reconnection) before it fails, ms. */
export const WAIT_MS = scaled(20_000);

/** How long a test waits for something slow on purpose (a child process starting, a reindex), ms. */
export const SLOW_WAIT_MS = scaled(90_000);
