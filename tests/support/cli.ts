import { spawn } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** What a CLI process printed, and how it ended. */
export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * The environment the CLI sees: this machine's, with every setting the config reads blanked (an empty
 * value counts as unset, and dotenv does not override a variable that is set), so a developer's .env
 * cannot change what the tests check. The corpus is then the default `corpus/` of the repo.
 */
export function cliEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.NODE_OPTIONS;
  for (const name of [
    'DISCORD_TOKEN',
    'DISCORD_CLIENT_ID',
    'DISCORD_GUILD_ID',
    'DISCORD_API_URL',
    'CORPUS_DIR',
    'MOD_ROLE_IDS',
    'LOG_LEVEL',
    'COOLDOWN_QUESTIONS',
    'COOLDOWN_SECONDS',
    'MAX_DOCUMENT_BYTES',
    'INDEX_SNAPSHOT',
    'CORPUS_WATCH',
    'DATA_DIR',
    'QUERY_LOG',
    'QUERY_LOG_DAYS',
    'METRICS_PORT',
    'METRICS_HOST',
    'DEBUG',
  ]) {
    env[name] = '';
  }
  return env;
}

/**
 * Runs `node …args` in the repo with stdin from a pipe (so never a terminal; `stdin` is written and closed), and
 * collects what it printed.
 */
export function runNode(args: readonly string[], env: NodeJS.ProcessEnv, stdin = ''): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: REPO_ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

/**
 * Runs `node dist/cli/ask.js …args` (what `npm run ask` runs; the e2e project's global setup compiles it from
 * the sources under test) with stdin from a pipe.
 */
export function ask(args: readonly string[], stdin = ''): Promise<Run> {
  return runNode(['dist/cli/ask.js', ...args], cliEnv(), stdin);
}

/**
 * Runs every case (a name: the arguments, and optionally stdin) through {@link ask}, as many at a time as there
 * are cores (at least two): each costs most of a second to start, and more processes than cores at once only make
 * each one slower.
 */
export async function askAll(cases: Record<string, [string[], string?]>): Promise<Record<string, Run>> {
  const runs: Record<string, Run> = {};
  const queue = Object.entries(cases);
  await Promise.all(
    Array.from({ length: Math.max(2, os.availableParallelism()) }, async () => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        const [name, [args, stdin]] = next;
        runs[name] = await ask(args, stdin);
      }
    }),
  );
  return runs;
}
