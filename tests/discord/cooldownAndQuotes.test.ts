import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOT_ID, CHANNEL_ID, type RecordedRequest } from '../../tooling/harness/fakeDiscord.ts';
import { opt, startHarness, type Harness } from '../../tooling/harness/botHarness.ts';
import { until } from '../support/wait.ts';
import type { ReplyData as Data } from '../support/replyData.ts';

// A corpus whose text tries to ping (@everyone, roles, users) and to break Markdown, and a bot with a
// tight cooldown: 2 questions per 30 s.
const HOSTILE = new URL('../fixtures/hostile-corpus', import.meta.url).pathname;
let h: Harness;

beforeAll(async () => {
  h = await startHarness({ corpus: HOSTILE, env: { COOLDOWN_QUESTIONS: '2', COOLDOWN_SECONDS: '30' } });
});
afterAll(async () => {
  await h?.stop();
});

describe('quoting text that tries to ping or format', () => {
  it('quotes @everyone, @here, role and user mentions as plain text, with no mention allowed', async () => {
    const { id } = h.fake.command('ask', [opt.string('question', '熊猫公告')], { user: { id: '600000000000000001' } });
    const data = (await h.fake.callbackOf(id)).data as Data;
    expect(data.allowed_mentions).toEqual({ parse: [], replied_user: false });
    const text = JSON.stringify(data.embeds);
    expect(text).not.toMatch(/@everyone|@here|<@&\d|<@\d/);
    expect(text).toContain('@\\u200beveryone'.replace('\\u200b', '\u200b'));
    // The title (from front matter) is defused too, and the url becomes the embed link.
    expect(data.embeds![0]!.title).not.toMatch(/@everyone/);
    expect(data.embeds![0]!.url).toBe('https://example.com/rules');
  });

  it('renders the Markdown of a Markdown document (code, links, emphasis) but defuses spoilers and stray fences', async () => {
    const { id } = h.fake.command('ask', [opt.string('question', '熊猫的代码写法')], {
      user: { id: '600000000000000002' },
    });
    const description = ((await h.fake.callbackOf(id)).data as Data).embeds![0]!.description as string;
    expect(description).toContain('`rm -rf /`');
    expect(description).toContain('[链接](https://evil.example)');
    expect(description).toContain('*竹笋*');
    // Three backticks in the middle of a line are not a fence: they show as written, as do spoiler bars.
    expect(description).toContain('\\`\\`\\`js');
    expect(description).toContain('\\|\\|剧透\\|\\|');
  });
});

describe('cooldown', () => {
  it('over the limit, /ask gets an ephemeral message saying when to try again', async () => {
    const user = { id: '600000000000000003' };
    for (let i = 0; i < 2; i++) {
      const { id } = h.fake.command('ask', [opt.string('question', '熊猫吃什么')], { user });
      expect(((await h.fake.callbackOf(id)).data as Data).embeds?.length).toBeGreaterThan(0);
    }
    const { id } = h.fake.command('ask', [opt.string('question', '熊猫吃什么')], { user });
    const data = (await h.fake.callbackOf(id)).data as Data;
    expect(data.flags).toBe(64);
    expect(data.content).toMatch(/You are asking fast: try again <t:\d+:R>/);
    // Another member is not affected.
    const other = h.fake.command('ask', [opt.string('question', '熊猫吃什么')], { user: { id: '600000000000000004' } });
    expect(((await h.fake.callbackOf(other.id)).data as Data).embeds?.length).toBeGreaterThan(0);
  });

  it('mention spam is rate-limited the same way, and told only once', async () => {
    h.fake.clear();
    const author = { id: '600000000000000005' };
    for (let i = 0; i < 6; i += 1) h.fake.userMessage(`<@${BOT_ID}> 熊猫吃什么`, { mentions: [BOT_ID], author });
    // A question from someone else, sent last: once it is answered, the bot has handled the six before it.
    const marker = h.fake.userMessage(`<@${BOT_ID}> 熊猫吃什么`, {
      mentions: [BOT_ID],
      author: { id: '600000000000000006' },
    });
    const repliesTo = (id: string) => (r: RecordedRequest) =>
      r.path === `/channels/${CHANNEL_ID}/messages` &&
      (r.body as { message_reference?: { message_id?: string } }).message_reference?.message_id === id;
    const spamPosts = () => h.fake.find((r) => r.path === `/channels/${CHANNEL_ID}/messages` && !repliesTo(marker)(r));
    await h.fake.waitForRequest(repliesTo(marker));
    await until(() => spamPosts().length >= 3, 'two answers and one notice');
    const posts = spamPosts();
    const bodies = posts.map((p) => p.body as Data);
    expect(bodies.filter((b) => (b.embeds?.length ?? 0) > 0)).toHaveLength(2);
    expect(bodies.filter((b) => (b.content ?? '').includes('asking fast'))).toHaveLength(1);
    expect(posts).toHaveLength(3);
  });
});
