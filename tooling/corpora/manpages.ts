import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, rename, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/**
 * The Debian `manpages-zh` pages (794 Chinese manual pages) as a corpus of plain-text documents, one
 * `.txt` per page at `man1/touch.1.txt`. The pages are GPL: they are rendered from the installed package
 * at run time, into a cache folder outside the repository, and never copied into it.
 */

/** Where `apt-get install manpages-zh` puts the pages. */
export const MANPAGES_DIR = '/usr/share/man/zh_CN';

/** Where rendered pages are cached (ignored by git). */
export const MANPAGES_CACHE = path.resolve('.cache/corpora/manpages-zh');

/** groff loops on a few pages with man's Chinese line-breaking rules: each renderer gets this long a page. */
const PAGE_TIMEOUT_MS = 10_000;

export function manpagesAvailable(dir: string = MANPAGES_DIR): boolean {
  return existsSync(path.join(dir, 'man1'));
}

/**
 * How a page is rendered: as man does (`man -l FILE | col -bx`), and, for the few pages groff loops on
 * with man's Chinese settings (df.1, smb.conf.5), by groff's man macros alone, which renders them; its
 * lines are left unbroken (LL), as groff pads the spaces of a Chinese line it cannot break.
 */
const RENDERERS = [
  'man -l "$1" 2>/dev/null | col -bx',
  'zcat -f "$1" | preconv 2>/dev/null | groff -man -rLL=2000n -Tutf8 -P-c 2>/dev/null | col -bx',
] as const;

/**
 * Renders one page to text with the first renderer that manages it, or null when none does. A renderer
 * is a shell command given the page's path as $1.
 */
export async function renderPage(
  file: string,
  renderers: readonly string[] = RENDERERS,
  timeoutMs: number = PAGE_TIMEOUT_MS,
): Promise<string | null> {
  for (const command of renderers) {
    const text = await runRenderer(command, file, timeoutMs);
    if (text !== null) return text;
  }
  return null;
}

/**
 * Runs one renderer on a page, or null when it fails or takes too long. The pipeline runs under a
 * CPU-time limit that troff inherits (ulimit -t) and in its own process group, killed whole on
 * time-out: killing the shell alone left a looping troff behind, spinning for ever.
 */
function runRenderer(command: string, file: string, timeoutMs: number): Promise<string | null> {
  return new Promise((resolve) => {
    const child = spawn('sh', ['-c', `ulimit -t 10; ${command}`, 'sh', file], {
      detached: true,
      stdio: ['ignore', 'pipe', 'ignore'],
      env: { ...process.env, MANWIDTH: '80', LANG: 'C.UTF-8' },
    });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      const text = Buffer.concat(chunks).toString('utf8');
      resolve(code === 0 && text.trim() !== '' ? text : null);
    });
  });
}

/**
 * Renders every page under `source` into `target` (skipping pages already rendered) and returns the
 * target folder. Pages that fail or time out are listed in `failed`.
 */
export async function renderManpages(
  source: string = MANPAGES_DIR,
  target: string = MANPAGES_CACHE,
): Promise<{ dir: string; rendered: number; failed: string[] }> {
  // Named for the renderers: pages that failed with fewer of them are tried again.
  const failedList = path.join(target, `failed-${RENDERERS.length}.json`);
  const knownFailed = new Set<string>(
    existsSync(failedList) ? (JSON.parse(await readFile(failedList, 'utf8')) as string[]) : [],
  );
  const jobs: Array<{ from: string; to: string }> = [];
  for (const section of (await readdir(source)).filter((s) => /^man\w+$/.test(s)).sort()) {
    for (const name of (await readdir(path.join(source, section))).sort()) {
      const page = name.replace(/\.gz$/, '');
      const to = path.join(target, section, `${page}.txt`);
      const from = path.join(source, section, name);
      if (!existsSync(to) && !knownFailed.has(path.relative(source, from))) jobs.push({ from, to });
    }
  }
  const failed: string[] = [];
  let rendered = 0;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < jobs.length) {
      const job = jobs[next++]!;
      const text = await renderPage(job.from);
      if (text === null) {
        failed.push(path.relative(source, job.from));
        continue;
      }
      await mkdir(path.dirname(job.to), { recursive: true });
      await writeFile(`${job.to}.tmp`, text);
      await rename(`${job.to}.tmp`, job.to);
      rendered++;
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, os.availableParallelism()) }, worker));
  // Pages that failed once (groff loops on a few) are not tried again on the next run.
  const allFailed = [...new Set([...knownFailed, ...failed])].sort();
  await mkdir(target, { recursive: true });
  await writeFile(failedList, JSON.stringify(allFailed));
  return { dir: target, rendered, failed: allFailed };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (!manpagesAvailable()) {
    console.error('manpages-zh is not installed: apt-get install manpages-zh');
    process.exit(1);
  }
  const started = Date.now();
  const result = await renderManpages();
  console.log(JSON.stringify({ ...result, seconds: (Date.now() - started) / 1000 }));
}
