import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { servingStateOf, startObservability, type Observability } from '../../src/observe/index.ts';
import { opt, startHarness, type Harness } from '../../tooling/harness/botHarness.ts';
import type { ReplyData as Data } from '../support/replyData.ts';

// Members' votes move answers (tests/discord/teach.test.ts); here they still do after the bot restarts,
// because the query log stored them.

const QUESTION = '王小川做什么';
const VOTERS = ['700000000000000031', '700000000000000032'];

let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'votes-restart-'));
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

/** The bot with its query log in dataDir, wired as src/index.ts wires it. */
async function startBot(): Promise<{ h: Harness; obs: Observability }> {
  const h = await startHarness({ env: { QUERY_LOG: 'on', DATA_DIR: dataDir, COOLDOWN_QUESTIONS: '1000' } });
  const obs = await startObservability(h.ctx.config, h.ctx.logger, servingStateOf(h.library));
  h.ctx.observer = obs.observer;
  h.ctx.queryLog = obs.queryLog;
  return { h, obs };
}

async function ask(h: Harness): Promise<Data> {
  return (await h.fake.callbackOf(h.fake.command('ask', [opt.string('question', QUESTION)]).id)).data as Data;
}
const first = (data: Data): string => String(data.embeds?.[0]?.footer?.text).split('\n')[0] ?? '';

describe('votes across a restart', () => {
  it('a passage two members marked 👎 stays sunk after the bot restarts', async () => {
    let sunk: string;
    const one = await startBot();
    try {
      const answer = await ask(one.h);
      sunk = first(answer);
      for (const id of VOTERS)
        await one.h.fake.callbackOf(
          one.h.fake.button('wd:fb:down', { embeds: answer.embeds, components: [] }, { user: { id } }).id,
        );
      expect(first(await ask(one.h))).not.toBe(sunk);
    } finally {
      await one.obs.close();
      await one.h.stop();
    }

    const two = await startBot();
    try {
      const after = await ask(two.h);
      expect(first(after)).not.toBe(sunk);
      expect((after.embeds ?? []).map((e) => String(e.footer?.text).split('\n')[0])).toContain(sunk);
    } finally {
      await two.obs.close();
      await two.h.stop();
    }
  });
});
