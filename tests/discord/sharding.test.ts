import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GUILD_ID, OTHER_GUILD_ID, defaultGuild, shardOf } from '../../tooling/harness/fakeDiscord.ts';
import { opt, startHarness, type Harness } from '../../tooling/harness/botHarness.ts';

// `npm start` runs every shard inside one client: two shards, two servers (one on each), one index.

let h: Harness;

beforeAll(async () => {
  h = await startHarness({
    env: { SHARD_COUNT: '2', COOLDOWN_QUESTIONS: '1000' },
    fake: { shardCount: 2, guilds: [defaultGuild(), defaultGuild({ id: OTHER_GUILD_ID, name: 'Second' })] },
  });
});
afterAll(async () => {
  await h?.stop();
});

describe('internal sharding', () => {
  it('SHARD_COUNT=2 identifies both shards from one client, and each answers its server from the one index', async () => {
    expect(shardOf(GUILD_ID, 2)).not.toBe(shardOf(OTHER_GUILD_ID, 2));
    await h.fake.waitFor('identifies', 2);
    expect([...h.bot.client.ws.shards.keys()].sort()).toEqual([0, 1]);
    expect(h.bot.client.guilds.cache.size).toBe(2);
    for (const guildId of [GUILD_ID, OTHER_GUILD_ID]) {
      const sent = h.fake.command('ask', [opt.string('question', '商汤科技是谁创立的?')], { guildId });
      const cb = await h.fake.callbackOf(sent.id);
      expect(cb.type, guildId).toBe(4);
      expect(JSON.stringify(cb.data), guildId).toContain('汤晓鸥');
    }
  });
});
