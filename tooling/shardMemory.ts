// Memory one bot process (= one shard under start:sharded) needs for a corpus: starts `src/index.ts`
// against a local fake Discord, asks 200 questions, and reads the process's RSS (now and peak) from
// /proc. Usage: node --import tsx tooling/shardMemory.ts. Prints JSON. Loopback only, bounded.
import { spawn } from 'node:child_process';
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Library } from '../src/store/library.ts';
import { fortunesAvailable, readFortunes, writeFortunesCorpus } from './corpora/fortunes.ts';
import { FakeDiscord } from './harness/fakeDiscord.ts';
import { TOKEN, opt } from './harness/botHarness.ts';
import { sleep } from './lib/sleep.ts';

const root = path.resolve(import.meta.dirname, '..');

async function rssOf(pid: number): Promise<{ rssMB: number; peakMB: number }> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string): number => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rssMB: Math.round(kb('VmRSS') / 1024), peakMB: Math.round(kb('VmHWM') / 1024) };
}

async function measure(corpusDir: string, questions: string[]): Promise<Record<string, unknown>> {
  await new Library({ corpusDir }).open(); // the saved index, as a deployed bot has it
  const fake = await new FakeDiscord().start();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/index.ts'], {
    cwd: root,
    env: {
      PATH: process.env['PATH'] ?? '',
      DISCORD_TOKEN: TOKEN,
      DISCORD_API_URL: fake.apiUrl,
      CORPUS_DIR: corpusDir,
      QUERY_LOG: 'off',
      LOG_LEVEL: 'warn',
      COOLDOWN_QUESTIONS: '1000000',
    },
    stdio: 'ignore',
  });
  try {
    await fake.waitFor('identifies', 1, 60_000);
    await sleep(500);
    const ready = await rssOf(child.pid!);
    for (let i = 0; i < 200; i++) {
      const { id } = fake.command('ask', [opt.string('question', questions[i % questions.length]!)], {
        user: { id: `9000000000000${10000 + i}` },
      });
      await fake.callbackOf(id, 10_000);
    }
    return { afterReady: ready, after200Questions: await rssOf(child.pid!) };
  } finally {
    child.kill('SIGKILL');
    await fake.close();
  }
}

const work = await mkdtemp(path.join(os.tmpdir(), 'wenda-shard-'));
try {
  const article = path.join(work, 'article');
  await cp(path.join(root, 'corpus'), article, {
    recursive: true,
    filter: (src) => !path.basename(src).startsWith('.'),
  });
  const out: Record<string, unknown> = {
    machine: { cpu: os.cpus()[0]?.model, cores: os.cpus().length, node: process.version },
  };
  out['article'] = await measure(article, ['贾扬清在哪里宣布离职的?', '商汤科技是谁创立的?', '上海明天会下雨吗?']);
  if (fortunesAvailable()) {
    const fortunes = path.join(work, 'fortunes');
    const docs = await readFortunes();
    await writeFortunesCorpus(fortunes, docs);
    out['fortunes'] = await measure(
      fortunes,
      docs.slice(0, 300).map((d) => d.body.split('\n').find((l) => l.length > 6) ?? d.title),
    );
  }
  console.log(JSON.stringify(out));
} finally {
  await rm(work, { recursive: true, force: true });
}
