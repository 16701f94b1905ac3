/** Resolves after `ms` milliseconds (pacing a benchmark, letting memory settle); never use it to wait for an event. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
