import { spawn, type ChildProcess } from 'node:child_process';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord } from '../../tooling/harness/fakeDiscord.ts';
import { SHIPPED_CORPUS, TOKEN, opt } from '../../tooling/harness/botHarness.ts';
import { SLOW_WAIT_MS, scaled, until } from '../support/wait.ts';

// `npm start` as an operator runs it: the composition root in its own process, against the fake
// Discord, then SIGTERM. Without a token it is the console chat.
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
let fake: FakeDiscord;
let corpusDir: string;

function start(
  env: Record<string, string>,
  stdin = '',
): { child: ChildProcess; out: () => string; err: () => string; exit: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/index.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env['PATH'] ?? '',
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
  child.stdout!.setEncoding('utf8').on('data', (c: string) => (out += c));
  child.stderr!.setEncoding('utf8').on('data', (c: string) => (err += c));
  child.stdin!.end(stdin);
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

  it('a bad configuration stops it with a message naming the variable, no stack trace', async () => {
    const bad = start({ DISCORD_TOKEN: TOKEN, COOLDOWN_SECONDS: 'soon', METRICS_PORT: '99999' });
    expect(await bad.exit).toBe(1);
    expect(bad.err()).toMatch(/COOLDOWN_SECONDS must be a whole number/);
    expect(bad.err()).toMatch(/METRICS_PORT must be a whole number/);
    expect(bad.err()).not.toMatch(/\n\s+at /);
  });
});
