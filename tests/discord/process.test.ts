import { spawn, type ChildProcess } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord } from '../../tooling/harness/fakeDiscord.ts';
import { SHIPPED_CORPUS, TOKEN, opt } from '../../tooling/harness/botHarness.ts';
import { SLOW_WAIT_MS, scaled, until } from '../support/wait.ts';

// `npm start` as an operator runs it: the compiled composition root (dist/index.js, built from the sources
// under test by the e2e project's global setup) in its own process, against the fake Discord, then SIGTERM. Without a token it is the console chat. A fault the bot did not expect ends
// the process (a supervisor restarts it); so does a closed stderr.
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
let fake: FakeDiscord;
let corpusDir: string;

const FAULTS = './tests/fixtures/processFaults.js';

function start(
  env: Record<string, string>,
  stdin: string | null = '',
  preload: string[] = [],
): { child: ChildProcess; out: () => string; err: () => string; exit: Promise<number | null> } {
  const child = spawn(process.execPath, [...preload.flatMap((p) => ['--import', p]), 'dist/index.js'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: os.tmpdir(),
      CORPUS_DIR: corpusDir,
      QUERY_LOG: 'off',
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
  child.stderr.setEncoding('utf8').on('data', (c: string) => (err += c));
  if (stdin !== null) child.stdin.end(stdin);
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, out: () => out, err: () => err, exit };
}

beforeAll(async () => {
  fake = await new FakeDiscord().start();
  corpusDir = await mkdtemp(path.join(os.tmpdir(), 'wenda-proc-'));
  await cp(SHIPPED_CORPUS, corpusDir, { recursive: true, filter: (src) => !path.basename(src).startsWith('.wenda') });
});
afterAll(async () => {
  await fake?.close();
  await rm(corpusDir, { recursive: true, force: true });
});

describe('npm start', () => {
  it('with a token: logs in, answers, and logs out cleanly within 2 s of SIGTERM; the token is never logged', async () => {
    const bot = start({ DISCORD_TOKEN: TOKEN, DISCORD_API_URL: fake.apiUrl });
    try {
      await fake.waitFor('identifies', 1, SLOW_WAIT_MS);
      await until(() => bot.err().includes('bot ready'), 'the bot to be ready');
      const { id } = fake.command('ask', [opt.string('question', '商汤科技是谁创立的?')]);
      expect((await fake.callbackOf(id)).type).toBe(4);
      const t0 = Date.now();
      bot.child.kill('SIGTERM');
      expect(await bot.exit).toBe(0);
      expect(Date.now() - t0).toBeLessThan(scaled(2_500));
      expect(bot.err()).toContain('logged out');
      expect(bot.err() + bot.out()).not.toContain(TOKEN);
    } finally {
      bot.child.kill('SIGKILL');
    }
  });

  it('without a token: the console chat over the same engine, with one line on how to connect the bot', async () => {
    const chat = start({ DISCORD_TOKEN: '' }, '商汤科技是谁创立的?\n/quit\n');
    expect(await chat.exit).toBe(0);
    expect(chat.err()).toMatch(/No DISCORD_TOKEN configured: starting the console chat\. To connect the bot/);
    expect(chat.out()).toContain('汤晓鸥');
  });

  it('the console chat greets a newcomer: no log lines unless LOG_LEVEL asks, /help with examples from the corpus', async () => {
    const chat = start({ DISCORD_TOKEN: '', LOG_LEVEL: '' }, '/help\n');
    expect(await chat.exit).toBe(0);
    // Only the one line on how to connect the bot: the corpus loading is logged at info, below warn.
    expect(chat.err().trim().split('\n')).toHaveLength(1);
    const [greeting, ...help] = chat.out().trim().split('\n');
    expect(greeting).toMatch(/console chat — 1 document\(s\), \d+ passages\. Type \/help/);
    const examples = help.filter((l) => l.startsWith('  ')).map((l) => l.trim());
    expect(examples).toHaveLength(3);
    // Each example comes from the corpus (a title or a heading), and the corpus answers it.
    for (const q of examples) expect(await readFile(path.join(corpusDir, 'ai-2-0-founders.md'), 'utf8')).toContain(q);
    expect(help.join('\n')).toMatch(/To add documents: put \.md or \.txt files in .+, then/);
  });

  it('an uncaught exception or an unhandled rejection in the running bot: logged at fatal, exit 1 within 2 s', async () => {
    // Both bots start at once; each is faulted once it is ready.
    const faults = ['exception', 'rejection'];
    const bots = faults.map((fault) =>
      start({ DISCORD_TOKEN: TOKEN, DISCORD_API_URL: fake.apiUrl, PROCESS_FAULT: fault }, null, [FAULTS]),
    );
    try {
      for (const [i, fault] of faults.entries()) {
        const bot = bots[i]!;
        await until(() => bot.err().includes('bot ready'), `the ${fault} bot to be ready`, SLOW_WAIT_MS);
        const t0 = Date.now();
        bot.child.kill('SIGUSR2');
        expect(await bot.exit, fault).toBe(1);
        // 2 s on a quiet machine; TEST_TIMEOUT_SCALE stretches it on a busy one, as every wait of the suite.
        expect(Date.now() - t0, fault).toBeLessThan(scaled(2_000));
        const fatal = bot
          .err()
          .split('\n')
          .filter((l) => l.includes('"level":60'));
        expect(fatal, fault).toHaveLength(1);
        expect(JSON.parse(fatal[0]!)).toMatchObject({
          err: { message: `deliberate ${fault === 'exception' ? 'uncaught exception' : 'unhandled rejection'}` },
        });
      }
    } finally {
      for (const bot of bots) bot.child.kill('SIGKILL');
    }
  });

  it('with stderr closed (a log reader that went away) it exits instead of spinning', async () => {
    // stdin stays open, so nothing but the failed log writes can end the chat.
    const chat = start({ DISCORD_TOKEN: '', LOG_LEVEL: 'info' }, null);
    chat.child.stderr!.destroy();
    expect(await chat.exit).toBe(1);
  });

  it('a bad configuration stops it with a message naming the variable, no stack trace', async () => {
    const bad = start({ DISCORD_TOKEN: TOKEN, COOLDOWN_SECONDS: 'soon', METRICS_PORT: '99999' });
    expect(await bad.exit).toBe(1);
    expect(bad.err()).toMatch(/COOLDOWN_SECONDS must be a whole number/);
    expect(bad.err()).toMatch(/METRICS_PORT must be a whole number/);
    expect(bad.err()).not.toMatch(/\n\s+at /);
  });

  it("reindexes in its worker thread (tsc's file beside the bundled entry): a document added on disk is answered", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'wenda-proc-reindex-'));
    try {
      await cp(SHIPPED_CORPUS, dir, { recursive: true, filter: (src) => !path.basename(src).startsWith('.wenda') });
      const env = { DISCORD_TOKEN: TOKEN, DISCORD_API_URL: fake.apiUrl, CORPUS_DIR: dir, CORPUS_WATCH: 'true' };
      const bot = start(env, null);
      try {
        // The bot connects while the corpus opens: the document is added once both are done.
        await until(
          () => bot.err().includes('bot ready') && /"msg":"index (built|loaded from snapshot)"/.test(bot.err()),
          'the bot to be ready and the corpus open',
          SLOW_WAIT_MS,
        );
        await writeFile(path.join(dir, 'palace.md'), '# 故宫\n\n故宫是明清两代的皇家宫殿,位于北京中轴线的中心。\n');
        await until(
          () => /"msg":"reindex(ed|failed: the current index stays live)"/.test(bot.err()),
          'the reindex',
          SLOW_WAIT_MS,
        );
        expect(bot.err()).toMatch(/"added":\["palace\.md"\].*"msg":"reindexed"/);
        const { id } = fake.command('ask', [opt.string('question', '故宫位于哪里?')]);
        expect(JSON.stringify(await fake.callbackOf(id))).toContain('故宫是明清两代的皇家宫殿');
      } finally {
        bot.child.kill('SIGKILL');
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
