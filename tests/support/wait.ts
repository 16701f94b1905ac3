import { WAIT_MS } from '../../tooling/harness/timeouts.ts';

export { SLOW_WAIT_MS, TEST_TIMEOUT_MS, WAIT_MS, scaled } from '../../tooling/harness/timeouts.ts';

/**
 * Resolves as soon as `condition()` holds, re-checked every few milliseconds (log lines, child process output
 * and file changes have no event of their own to await); rejects after `timeoutMs` naming `what`.
 */
export async function until(condition: () => boolean, what: string, timeoutMs: number = WAIT_MS): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
