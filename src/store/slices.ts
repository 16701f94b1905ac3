import { performance } from 'node:perf_hooks';

/** How long one event-loop turn may spend on background work (a build, a snapshot), in ms. */
export const SLICE_MS = 8;

/** Gives the event loop a turn: whatever is waiting (an answer, a heartbeat) runs first. */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Drives a stepwise job (a generator from src/engine, a snapshot writer) for at most `sliceMs` per
 * event-loop turn, so the answering thread is never held for longer than one step plus the slice.
 * `onStep` sees each yielded value (progress).
 */
export async function runInSlices<Y, R>(
  steps: Iterator<Y, R, void>,
  onStep?: (value: Y) => void,
  sliceMs = SLICE_MS,
): Promise<R> {
  for (;;) {
    await nextTurn();
    const until = performance.now() + sliceMs;
    do {
      const step = steps.next();
      if (step.done) return step.value;
      onStep?.(step.value);
    } while (performance.now() < until);
  }
}
