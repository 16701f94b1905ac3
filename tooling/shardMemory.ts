// Memory of the two ways to run two shards on one corpus, with the compiled bot (`npm run build`
// first) against a local fake Discord that asks for two shards: one process running both shards
// inside one client (`npm start` with SHARD_COUNT=2), and two processes of one shard each (what
// `npm run start:sharded` spawns). Asks 200 questions, then reads RSS (now and peak) from /proc.
// Usage: node --import tsx tooling/shardMemory.ts. Prints JSON. Loopback only, bounded.
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { machine } from './lib/machine.ts';
import { Library } from '../src/store/library.ts';
import { fortunesAvailable, readFortunes, writeFortunesCorpus } from './corpora/fortunes.ts';
import { FakeDiscord, GUILD_ID, OTHER_GUILD_ID, defaultGuild } from './harness/fakeDiscord.ts';
import { opt } from './harness/botHarness.ts';
import { COMPILED_ENTRY } from './firstAnswer.ts';
import { copyArticleCorpus, memoryOfProcess, spawnBot } from './lib/botProcess.ts';

const roundMemory = (m: { rssMB: number; peakMB: number }): { rssMB: number; peakMB: number } => ({
  rssMB: Math.round(m.rssMB),
  peakMB: Math.round(m.peakMB),
});

function startBot(fake: FakeDiscord, corpusDir: string, env: Record<string, string>): ChildProcess {
  return spawnBot(fake, { entry: COMPILED_ENTRY, corpusDir, env });
}

/** Two shards as `processes` (1: both in one client; 2: one each); RSS summed over the processes. */
async function measure(corpusDir: string, questions: string[], processes: 1 | 2): Promise<Record<string, unknown>> {
  const fake = await new FakeDiscord({
    shardCount: 2,
    guilds: [defaultGuild(), defaultGuild({ id: OTHER_GUILD_ID, name: 'Second' })],
  }).start();
  const children =
    processes === 1
      ? [startBot(fake, corpusDir, { SHARD_COUNT: '2' })]
      : [0, 1].map((shard) => startBot(fake, corpusDir, { SHARDS: `[${shard}]`, SHARD_COUNT: '2' }));
  const total = async (): Promise<{ rssMB: number; peakMB: number }> => {
    const each = await Promise.all(children.map(async (c) => roundMemory(await memoryOfProcess(c.pid!))));
    return { rssMB: each.reduce((a, r) => a + r.rssMB, 0), peakMB: each.reduce((a, r) => a + r.peakMB, 0) };
  };
  try {
    // Both shards have a session once the fake has seen both IDENTIFYs (OTHER_GUILD_ID is on the other shard);
    // the first answer in each server means both are ready.
    await fake.waitFor('identifies', 2, 120_000);
    for (const guildId of [GUILD_ID, OTHER_GUILD_ID]) {
      const sent = fake.command('ask', [opt.string('question', questions[0]!)], { guildId });
      await fake.callbackOf(sent.id, 60_000);
    }
    const ready = await total();
    for (let i = 0; i < 200; i++) {
      const sent = fake.command('ask', [opt.string('question', questions[i % questions.length]!)], {
        guildId: i % 2 === 0 ? GUILD_ID : OTHER_GUILD_ID,
        user: { id: `9000000000000${10000 + i}`, username: `member${i}` },
      });
      await fake.callbackOf(sent.id, 10_000);
    }
    return { processes, afterReady: ready, after200Questions: await total() };
  } finally {
    for (const c of children) c.kill('SIGKILL');
    await fake.close();
  }
}

async function both(corpusDir: string, questions: string[]): Promise<Record<string, unknown>> {
  await new Library({ corpusDir }).open(); // the saved index, as a deployed bot has it
  return {
    oneProcessTwoShards: await measure(corpusDir, questions, 1),
    twoShardProcesses: await measure(corpusDir, questions, 2),
  };
}

const work = await mkdtemp(path.join(os.tmpdir(), 'wenda-shard-'));
try {
  const article = await copyArticleCorpus(path.join(work, 'article'));
  const out: Record<string, unknown> = {
    machine: machine(),
  };
  out.article = await both(article, ['贾扬清在哪里宣布离职的?', '商汤科技是谁创立的?', '上海明天会下雨吗?']);
  if (fortunesAvailable()) {
    const fortunes = path.join(work, 'fortunes');
    const docs = await readFortunes();
    await writeFortunesCorpus(fortunes, docs);
    out.fortunes = await both(
      fortunes,
      docs.slice(0, 300).map((d) => d.body.split('\n').find((l) => l.length > 6) ?? d.title),
    );
  }
  console.log(JSON.stringify(out));
} finally {
  await rm(work, { recursive: true, force: true });
}
