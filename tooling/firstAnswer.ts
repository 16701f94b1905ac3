// Spawn → first answer, as an operator restarting the bot sees it: a fresh `node dist/index.js` (the
// compiled entry `npm start` runs; `npm run build` first) against a local fake Discord, with the saved
// index in place. The /ask is sent the moment the client identifies (the fake opens the session with that
// IDENTIFY; discord.js queues the event until the gateway is ready), so the time covers module loading,
// opening the corpus, the gateway connection, and answering.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { opt } from './harness/botHarness.ts';

import { ROOT as root, launchBot } from './lib/botProcess.ts';

/** The compiled entry; `npm run build` makes it. */
export const COMPILED_ENTRY = path.join(root, 'dist', 'index.js');

export interface FirstAnswer {
  /** Spawn → the client's IDENTIFY reached the fake. */
  identifyMs: number;
  /** Spawn → the /ask's callback (the answer) reached the fake. */
  answerMs: number;
  /** CPU time (user + system) the bot process had used by then: steadier than wall time on a busy machine. */
  cpuMs: number;
}

/** utime + stime of a process from /proc, in ms (clock ticks are 100 Hz on Linux). */
function cpuMsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** One spawn → first answer of `entry` on `corpusDir` (whose saved index should already exist). */
export async function measureFirstAnswer(
  corpusDir: string,
  question: string,
  entry: string = COMPILED_ENTRY,
  nodeArgs: readonly string[] = [],
): Promise<FirstAnswer> {
  if (!existsSync(entry)) throw new Error(`${path.relative(root, entry)} is missing: run npm run build first`);
  const { fake, child, started } = await launchBot({
    entry,
    corpusDir,
    nodeArgs,
    env: { QUERY_LOG: 'on', DATA_DIR: path.join(corpusDir, '..', 'data') },
  });
  try {
    await fake.waitFor('identifies', 1, 60_000);
    const identifyMs = performance.now() - started;
    const sent = fake.command('ask', [opt.string('question', question)]);
    await fake.callbackOf(sent.id, 60_000);
    const answerMs = performance.now() - started;
    return { identifyMs, answerMs, cpuMs: cpuMsOf(child.pid!) };
  } finally {
    // SIGINT lets a --cpu-prof run write its profile (the bot exits 0 on it); SIGKILL is the backstop.
    if (nodeArgs.some((a) => a.startsWith('--cpu-prof'))) {
      child.kill('SIGINT');
      await new Promise((r) => child.once('exit', r));
    }
    child.kill('SIGKILL');
    await fake.close();
  }
}
