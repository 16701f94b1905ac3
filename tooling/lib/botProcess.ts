import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { cp, readFile } from 'node:fs/promises';
import path from 'node:path';
import { TOKEN } from '../harness/botHarness.ts';
import { FakeDiscord } from '../harness/fakeDiscord.ts';

/** The repository's root: where the compiled bot runs from. */
export const ROOT = path.resolve(import.meta.dirname, '..', '..');

export interface BotProcessOptions {
  /** The compiled entry to run (dist/index.js, or another build's). */
  entry: string;
  corpusDir: string;
  /** Settings on top of the defaults (the fake's token and URL, the corpus, no query log, no cooldown). */
  env?: Record<string, string>;
  nodeArgs?: readonly string[];
  stdio?: StdioOptions;
}

/** Spawns the compiled bot against a fake Discord, with only the settings given (nothing of this shell's). */
export function spawnBot(fake: FakeDiscord, options: BotProcessOptions): ChildProcess {
  return spawn(process.execPath, [...(options.nodeArgs ?? []), options.entry], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      DISCORD_TOKEN: TOKEN,
      DISCORD_API_URL: fake.apiUrl,
      CORPUS_DIR: options.corpusDir,
      QUERY_LOG: 'off',
      LOG_LEVEL: 'warn',
      COOLDOWN_QUESTIONS: '1000000',
      ...options.env,
    },
    stdio: options.stdio ?? ['ignore', 'ignore', 'inherit'],
  });
}

/** Starts a fake Discord, then the bot against it: both, and when the spawn began (performance.now()). */
export async function launchBot(
  options: BotProcessOptions,
): Promise<{ fake: FakeDiscord; child: ChildProcess; started: number }> {
  const fake = await new FakeDiscord().start();
  const started = performance.now();
  return { fake, child: spawnBot(fake, options), started };
}

/** A process's RSS and peak RSS (Linux's /proc), in MB. */
export async function memoryOfProcess(pid: number): Promise<{ rssMB: number; peakMB: number }> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string): number => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rssMB: kb('VmRSS') / 1024, peakMB: kb('VmHWM') / 1024 };
}

/** Copies the shipped article corpus (without its saved index or other dot files) to `dir`, for a run of its own. */
export async function copyArticleCorpus(dir: string): Promise<string> {
  await cp(path.join(ROOT, 'corpus'), dir, { recursive: true, filter: (src) => !path.basename(src).startsWith('.') });
  return dir;
}
