import v8 from 'node:v8';

/**
 * How large V8's young generation may grow, process-wide (V8's flags are shared by every thread). The bot
 * keeps it at its starting size (src/heapFlags.ts): otherwise it doubles up to 2 × 16 MB semi-spaces under
 * start-up's allocations and keeps them (~20–28 MB of RSS on the article bot, measured with
 * tooling/botMemory.ts; CPU per question unchanged within ±5 %). A reindex worker building a large index
 * lets it grow while it runs: kept small, that build took 35–80 % more CPU (fortunes-zh, in-process). So does
 * restoring a large snapshot at start (snapshot.ts), which then collected ~5 times as often.
 */

let keptSmall = false;
let building = 0;

/** From now on the young generation stays at its starting size (1 MB semi-spaces). */
export function keepYoungGenerationSmall(): void {
  keptSmall = true;
  v8.setFlagsFromString('--semi-space-growth-factor=1');
}

/**
 * While the returned function is not called (a reindex worker runs, a large snapshot is restored), the young
 * generation may grow as V8 likes.
 */
export function growYoungGenerationWhileBuilding(): () => void {
  if (!keptSmall) return () => {};
  if (building++ === 0) v8.setFlagsFromString('--semi-space-growth-factor=2');
  let done = false;
  return () => {
    if (done) return;
    done = true;
    if (--building === 0) v8.setFlagsFromString('--semi-space-growth-factor=1');
  };
}
