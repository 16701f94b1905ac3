import type { Client } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { MODLOG_QUIET_MS, ModLog } from '../../src/discord/modLog.ts';
import type { FeedbackEvent } from '../../src/events.ts';

const HOUR = 60 * 60 * 1000;
const quiet = { logger: { warn: () => {} } } as never;

function setup() {
  let now = 0;
  const posts: Array<{ route: string; body: any }> = [];
  const client = {
    rest: {
      post: (route: string, o: { body: unknown }) => {
        posts.push({ route, body: o.body });
        return Promise.resolve();
      },
    },
    channels: { cache: new Map() },
    guilds: { cache: new Map() },
  };
  const log = new ModLog(
    '900000000000000001',
    (id) => `hash-of-${id.length}`,
    () => now,
  );
  return { log, posts, client: client as unknown as Client, advance: (ms: number) => (now += ms) };
}

const down = (question: string, userId = '700000000000000001'): FeedbackEvent => ({
  vote: 'down',
  userId,
  guildId: '200000000000000002',
  question,
  passageIds: ['a.md#p1'],
  messageId: 'm',
});

describe('the mod log', () => {
  it('posts a 👎 to its channel without the voter’s id, and 👍 not at all', async () => {
    const { log, posts, client } = setup();
    await log.noteVote(client, { ...down('光年之外的估值'), vote: 'up' }, quiet);
    await log.noteVote(client, down('光年之外的估值'), quiet);
    expect(posts).toHaveLength(1);
    expect(posts[0]!.route).toBe('/channels/900000000000000001/messages');
    expect(JSON.stringify(posts[0]!.body)).not.toContain('700000000000000001');
    expect(posts[0]!.body.allowed_mentions).toEqual({ parse: [] });
  });

  it('posts a question at most once an hour, grouped as the query log groups questions', async () => {
    const { log, posts, client, advance } = setup();
    await log.noteVote(client, down('光年之外的估值是多少?'), quiet);
    advance(MODLOG_QUIET_MS - 1);
    await log.noteVote(client, down('光年之外估值'), quiet);
    expect(posts).toHaveLength(1);
    advance(1);
    await log.noteVote(client, down('光年之外估值'), quiet);
    expect(posts).toHaveLength(2);
  });

  it('posts an unanswered question the third time within a day, not when the three are spread wider', async () => {
    const { log, posts, client, advance } = setup();
    for (let i = 0; i < 2; i++) {
      await log.noteUnanswered(client, 'where is Atlantis', null, quiet);
      advance(13 * HOUR);
    }
    await log.noteUnanswered(client, 'where is Atlantis', null, quiet);
    expect(posts).toHaveLength(0); // the first of the three is more than a day old
    await log.noteUnanswered(client, 'where is Atlantis?', null, quiet);
    expect(posts).toHaveLength(1);
    expect(JSON.stringify(posts[0]!.body)).toContain('Unanswered 3 times');
  });

  it('speaks the preferred locale of the mod log’s server', async () => {
    const { log, posts, client } = setup();
    const guild = { preferredLocale: 'zh-TW' };
    Object.assign(client, { channels: { cache: new Map([['900000000000000001', { guild }]]) } });
    await log.noteVote(client, down('光年之外的估值'), quiet);
    const body = JSON.stringify(posts[0]!.body);
    expect(body).toContain('👎 有成員認為這個回答沒有幫助');
    expect(body).toContain('新增常見問題');
    expect(body).not.toContain('Add FAQ entry');
  });

  it('a failed post is logged, never thrown at the member’s reply', async () => {
    const warnings: unknown[] = [];
    const log = new ModLog('900000000000000001', (id) => id);
    const client = { rest: { post: async () => Promise.reject(new Error('Missing Access')) } } as unknown as Client;
    await expect(
      log.noteVote(client, down('q'), { logger: { warn: (o: unknown) => warnings.push(o) } } as never),
    ).resolves.toBeUndefined();
    expect(warnings).toHaveLength(1);
  });
});
