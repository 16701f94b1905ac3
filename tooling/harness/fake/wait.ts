import { WAIT_MS } from '../timeouts.ts';
import type { FakeDiscordServer } from './server.ts';

/** How long the fake's waits wait by default, ms: {@link WAIT_MS}, scaled by TEST_TIMEOUT_SCALE. */
export const DEFAULT_TIMEOUT_MS = WAIT_MS;

export interface Pending {
  reject: (err: Error) => void;
  cleanup: () => void;
}

/**
 * Resolves with the first non-undefined value of `probe`, re-evaluated whenever anything happens (a request,
 * a message, a gateway frame); rejects after `timeoutMs` with `description` and the recent requests.
 */
export function waitUntil<T>(
  fake: FakeDiscordServer,
  probe: () => T | undefined,
  timeoutMs: number = DEFAULT_TIMEOUT_MS,
  description = 'a condition',
): Promise<T> {
  let first: T | undefined;
  try {
    first = probe();
  } catch (err) {
    return Promise.reject(err instanceof Error ? err : new Error(String(err)));
  }
  if (first !== undefined) return Promise.resolve(first);
  if (fake.state.closed) return Promise.reject(new Error(`fake Discord closed while waiting for ${description}`));
  return new Promise<T>((resolve, reject) => {
    const onChange = (): void => {
      let value: T | undefined;
      try {
        value = probe();
      } catch (err) {
        pending.cleanup();
        reject(err instanceof Error ? err : new Error(String(err)));
        return;
      }
      if (value !== undefined) {
        pending.cleanup();
        resolve(value);
      }
    };
    const timer = setTimeout(() => {
      pending.cleanup();
      reject(
        new Error(`fake Discord: timed out after ${timeoutMs} ms waiting for ${description}.\n${describeRecent(fake)}`),
      );
    }, timeoutMs);
    const pending: Pending = {
      reject,
      cleanup: () => {
        clearTimeout(timer);
        fake.state.events.off('change', onChange);
        fake.state.pending.delete(pending);
      },
    };
    fake.state.pending.add(pending);
    fake.state.events.on('change', onChange);
  });
}

/** The last requests and gateway frames, one per line (for failure messages). */
export function describeRecent(fake: FakeDiscordServer, count = 12): string {
  const requests = fake.state.requests
    .slice(-count)
    .map((r) => `  ${r.method} ${r.path} → ${r.status ?? 'pending'}${r.fault ? ` [${r.fault}]` : ''}`);
  const frames = fake.gateway.received.slice(-5).map((f) => `  gateway #${f.connectionId} op ${f.op}`);
  return [
    `Recent requests (${fake.state.requests.length} recorded):`,
    ...(requests.length ? requests : ['  (none)']),
    'Recent gateway payloads:',
    ...(frames.length ? frames : ['  (none)']),
  ].join('\n');
}
