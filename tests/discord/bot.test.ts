import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  BOT_USER,
  OTHER_USER,
  BOT_ID,
  CHANNEL_ID,
  DM_CHANNEL_ID,
  OTHER_USER_ID,
  USER_ID,
  type RecordedRequest,
} from '../../tooling/harness/fakeDiscord.ts';
import { opt, startHarness, type Harness } from '../../tooling/harness/botHarness.ts';
import type { FeedbackEvent, QuestionEvent } from '../../src/events.ts';
import { WAIT_MS } from '../support/wait.ts';
import type { ReplyData as Data } from '../support/replyData.ts';

// End to end: the real discord.js client, the real bot, a fake Discord on 127.0.0.1.
// Every assertion is on what the bot sent over HTTP, as Discord would receive it.

const EPHEMERAL = 64;
const questions: QuestionEvent[] = [];
const feedback: FeedbackEvent[] = [];
let h: Harness;
let failNextCooldown = false;

beforeAll(async () => {
  h = await startHarness({
    env: { COOLDOWN_QUESTIONS: '1000' },
    observer: { question: (e) => questions.push(e), feedback: (e) => feedback.push(e) },
    extend: (ctx) => {
      // A seam for "a handler that throws": the next cooldown check fails like a bug would.
      const take = ctx.cooldown.take.bind(ctx.cooldown);
      ctx.cooldown.take = (user) => {
        if (failNextCooldown) {
          failNextCooldown = false;
          throw new Error('simulated bug in a handler');
        }
        return take(user);
      };
    },
  });
});
afterAll(async () => {
  await h?.stop();
});
beforeEach(() => {
  h.fake.clear();
});

async function ask(question: string, more: Array<Record<string, unknown>> = [], locale?: string): Promise<Data> {
  const { id } = h.fake.command('ask', [opt.string('question', question), ...more], locale ? { locale } : {});
  const cb = await h.fake.callbackOf(id);
  expect(cb.type).toBe(4); // answered in the first response, not deferred
  return cb.data as Data;
}

/** Polls until the condition holds (the observer is told after the reply is sent); bounded. */
async function eventually(check: () => void, timeoutMs = WAIT_MS): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      check();
      return;
    } catch (err) {
      if (Date.now() > until) throw err;
      await new Promise((r) => setTimeout(r, 10));
    }
  }
}

function customIds(data: Data): string[] {
  return (data.components ?? []).flatMap((row) => row.components.map((c) => String(c.custom_id)));
}

function channelPosts(channel: string): RecordedRequest[] {
  return h.fake.find((r) => r.method === 'POST' && r.path === `/channels/${channel}/messages`);
}

describe('/ask', () => {
  it('answers with quoted passages, the best sentence in bold, citations, buttons and no mentions', async () => {
    const data = await ask('商汤科技是谁创立的?');
    expect(data.allowed_mentions).toEqual({ parse: [], replied_user: false });
    expect(data.flags ?? 0).toBe(0);
    const first = data.embeds![0]!;
    // The citation is the embed title: rank, document title, section, paragraph range.
    expect(first.title).toMatch(/^1\. AI 2\.0诸神之战.* · 二、AI 2\.0创业,跟1\.0有何不同\? · ¶\d+/);
    expect(first.description).toContain('**');
    expect(first.description).toContain('汤晓鸥');
    // The footer carries the passage id and the question (what the buttons read back).
    expect(first.footer.text).toMatch(/^ai-2-0-founders\.md#p\d+/);
    expect(first.footer.text).toContain('❓ 商汤科技是谁创立的?');
    const ids = customIds(data);
    expect(ids).toContain('wd:more:3:3');
    expect(ids).toContain('wd:fb:up');
    expect(ids.filter((id) => id.startsWith('wd:src:'))).toHaveLength(data.embeds!.length);
    expect(ids).not.toContain('wd:share');
    await eventually(() =>
      expect(questions.at(-1)).toMatchObject({ path: 'ask', userId: USER_ID, question: '商汤科技是谁创立的?' }),
    );
  });

  it('hide → an ephemeral answer with a Share button', async () => {
    const data = await ask('王慧文的光年之外估值多少?', [opt.boolean('hide', true)]);
    expect(data.flags).toBe(EPHEMERAL);
    expect(customIds(data)).toContain('wd:share');
  });

  it('count → that many passages at most', async () => {
    const data = await ask('AI 2.0', [opt.integer('count', 1)]);
    expect(data.embeds).toHaveLength(1);
  });

  it('mention → the answer is addressed to that member, the only mention allowed', async () => {
    const { id } = h.fake.command(
      'ask',
      [opt.string('question', '李开复的野心是什么?'), opt.user('mention', OTHER_USER_ID)],
      {
        resolved: {
          users: {
            [OTHER_USER_ID]: OTHER_USER,
          },
        },
      },
    );
    const data = (await h.fake.callbackOf(id)).data as Data;
    expect(data.content).toContain(`<@${OTHER_USER_ID}>`);
    expect(data.allowed_mentions).toEqual({ parse: [], users: [OTHER_USER_ID], replied_user: false });
  });

  it('a question the corpus does not answer gets a short "not in the corpus" with suggestions', async () => {
    const data = await ask('Who won the 2018 World Cup?');
    expect(data.embeds ?? []).toHaveLength(0);
    expect(data.content).toMatch(/Not in the corpus/);
    expect(data.content).toMatch(/You could ask about:\n• /);
    expect(customIds(data)).toHaveLength(0);
  });

  it('replies in Chinese to a zh-CN user', async () => {
    const data = await ask('上海明天会下雨吗?', [], 'zh-CN');
    expect(data.content).toContain('语料中没有找到');
    const answered = await ask('贾扬清', [], 'zh-TW');
    expect(customIds(answered).length).toBeGreaterThan(0);
    const labels = answered.components!.flatMap((r) => r.components.map((c) => c.label)).filter(Boolean);
    expect(labels).toContain('更多');
  });

  it('an empty question is refused with a clear ephemeral message', async () => {
    const { id } = h.fake.command('ask', [opt.string('question', '   ')]);
    const cb = await h.fake.callbackOf(id);
    expect((cb.data as Data).flags).toBe(EPHEMERAL);
    expect((cb.data as Data).content).toMatch(/question is empty/);
  });
});

describe('buttons', () => {
  let answer: Data;
  beforeAll(async () => {
    answer = await ask('贾扬清在哪里宣布离职的?');
  });

  it('More → the next passages for the same question, only for the clicker', async () => {
    const { id } = h.fake.button('wd:more:3:3', { embeds: answer.embeds, components: answer.components });
    const data = (await h.fake.callbackOf(id)).data as Data;
    expect(data.flags).toBe(EPHEMERAL);
    const firstShown = new Set(answer.embeds!.map((e) => e.footer.text.split('\n')[0]));
    for (const e of data.embeds ?? []) expect(firstShown.has(e.footer.text.split('\n')[0])).toBe(false);
    if (data.embeds?.length) expect(data.embeds[0]!.title).toMatch(/^4\. /);
    else expect(data.content).toMatch(/No more passages/);
    await eventually(() => expect(questions.at(-1)).toMatchObject({ path: 'more' }));
  });

  it('Source → the whole passage with its neighbours, ephemeral', async () => {
    const src = customIds(answer).find((c) => c.startsWith('wd:src:'))!;
    const { id } = h.fake.button(src, { embeds: answer.embeds, components: answer.components });
    const data = (await h.fake.callbackOf(id)).data as Data;
    expect(data.flags).toBe(EPHEMERAL);
    expect(data.embeds![0]!.description).toContain('官宣离职');
    expect(data.embeds![0]!.footer.text).toMatch(/with its neighbours/);
  });

  it('👍 → logged with the question and passage ids; the user gets an ephemeral thanks', async () => {
    const { id } = h.fake.button('wd:fb:up', { embeds: answer.embeds, components: answer.components });
    const data = (await h.fake.callbackOf(id)).data as Data;
    expect(data.flags).toBe(EPHEMERAL);
    expect(data.content).toMatch(/Thanks/);
    await eventually(() => expect(feedback.length).toBeGreaterThan(0));
    expect(feedback.at(-1)).toMatchObject({ vote: 'up', question: '贾扬清在哪里宣布离职的?', userId: USER_ID });
    expect(feedback.at(-1)!.passageIds[0]).toMatch(/^ai-2-0-founders\.md#p/);
    expect(h.logs.some((l) => l.includes('"feedback":"up"'))).toBe(true);
  });

  it('Share on a hidden answer posts it for everyone, without pinging', async () => {
    const hidden = await ask('光年之外', [opt.boolean('hide', true)]);
    const { id } = h.fake.button('wd:share', {
      embeds: hidden.embeds,
      components: hidden.components,
      flags: EPHEMERAL,
    });
    const data = (await h.fake.callbackOf(id)).data as Data;
    expect(data.flags ?? 0).toBe(0);
    expect(data.embeds).toEqual(hidden.embeds);
    expect(customIds(data)).not.toContain('wd:share');
    expect(data.allowed_mentions).toEqual({ parse: [], replied_user: false });
  });

  it('a forged or stale custom id gets a polite error, not a crash', async () => {
    for (const forged of ['wd:more:999:3', 'wd:src:i:', 'evil', 'wd:fb:maybe', 'wd:more:-1:2']) {
      const { id } = h.fake.button(forged, { embeds: answer.embeds, components: answer.components });
      const data = (await h.fake.callbackOf(id)).data as Data;
      expect(data.flags).toBe(EPHEMERAL);
      expect(data.content).toMatch(/button no longer works/);
    }
  });
});

describe('autocomplete', () => {
  it('offers the typed text first, then suggestions from the index, each ≤ 100 characters', async () => {
    const { id } = h.fake.autocomplete('ask', [opt.string('question', '光年之外', true)]);
    const cb = await h.fake.callbackOf(id);
    expect(cb.type).toBe(8);
    const choices = (cb.data as Data).choices!;
    expect(choices[0]).toEqual({ name: '光年之外', value: '光年之外' });
    expect(choices.length).toBeGreaterThan(1);
    expect(choices.length).toBeLessThanOrEqual(25);
    for (const c of choices) expect(c.name.length).toBeLessThanOrEqual(100);
    expect(choices.some((c) => c.name.includes('光年之外'))).toBe(true);
  });

  it('/source autocompletes passage ids', async () => {
    const { id } = h.fake.autocomplete('source', [opt.string('id', 'p1', true)]);
    const choices = ((await h.fake.callbackOf(id)).data as Data).choices!;
    expect(choices.length).toBeGreaterThan(0);
    expect(choices[0]!.value).toMatch(/^ai-2-0-founders\.md#p1/);
  });
});

describe('/source, /help, /about', () => {
  it('/source shows a passage; an unknown id gets a clear ephemeral message', async () => {
    const good = h.fake.command('source', [opt.string('id', h.library.index.passages[2]!.id)]);
    expect(((await h.fake.callbackOf(good.id)).data as Data).embeds![0]!.description).toContain(
      h.library.index.passages[2]!.text.slice(0, 10)
        .replace(/([*_|()\-[\]`~>#])/g, '\\$1')
        .slice(0, 5),
    );
    const bad = h.fake.command('source', [opt.string('id', 'nope.md#p9')]);
    const data = (await h.fake.callbackOf(bad.id)).data as Data;
    expect(data.flags).toBe(EPHEMERAL);
    expect(data.content).toMatch(/no passage with the id "nope\.md\\?#p9"/);
  });

  it('/help explains how to ask; /about tells the corpus size and version', async () => {
    const help = h.fake.command('help');
    expect(((await h.fake.callbackOf(help.id)).data as Data).content).toMatch(/How to ask/);
    const about = h.fake.command('about', [], { locale: 'zh-CN' });
    const text = ((await h.fake.callbackOf(about.id)).data as Data).content!;
    expect(text).toMatch(/文档:1 · 段落:\d+/);
    expect(text).toMatch(/vtest/);
  });
});

describe('messages: mentions, replies, DMs', () => {
  it('an @mention in a channel is answered in a reply, the mention stripped, nobody pinged', async () => {
    const asked = h.fake.userMessage(`<@${BOT_ID}> 汤晓鸥创立了什么公司?`, { mentions: [BOT_ID] });
    const post = await h.fake.waitForRequest((r) => r.path === `/channels/${CHANNEL_ID}/messages`);
    const body = post.body as Data & { message_reference?: Record<string, unknown> };
    expect(body.message_reference).toMatchObject({ message_id: asked });
    expect(body.allowed_mentions).toEqual({ parse: [], replied_user: false });
    expect(body.embeds![0]!.footer.text).toContain('❓ 汤晓鸥创立了什么公司?');
    await eventually(() =>
      expect(questions.at(-1)).toMatchObject({ path: 'mention', question: '汤晓鸥创立了什么公司?' }),
    );
  });

  it("a reply to one of the bot's answers is a new question", async () => {
    const botAnswer = h.fake.message(CHANNEL_ID, {
      author: BOT_USER,
    });
    h.fake.userMessage('那王小川呢?', { replyTo: botAnswer, mentions: [BOT_ID] });
    await h.fake.waitForRequest((r) => r.path === `/channels/${CHANNEL_ID}/messages`);
    await eventually(() => expect(questions.at(-1)).toMatchObject({ path: 'reply', question: '那王小川呢?' }));
  });

  it('every DM is a question', async () => {
    h.fake.userMessage('周伯文现在是哪家公司的创始人?', { dm: true });
    const post = await h.fake.waitForRequest((r) => r.path === `/channels/${DM_CHANNEL_ID}/messages`);
    expect((post.body as Data).embeds![0]!.description).toContain('衔远科技');
  });

  it('messages from bots, and channel messages not addressed to the bot, are ignored', async () => {
    h.fake.userMessage(`<@${BOT_ID}> 贾扬清`, { mentions: [BOT_ID], author: { id: OTHER_USER_ID, bot: true } });
    h.fake.userMessage('贾扬清在哪里宣布离职的?');
    h.fake.userMessage('ping', { dm: true }); // a marker: the DM is answered, so the two before were handled
    await h.fake.waitForRequest((r) => r.path === `/channels/${DM_CHANNEL_ID}/messages`);
    expect(channelPosts(CHANNEL_ID)).toHaveLength(0);
  });
});

describe('errors', () => {
  it('a handler that throws → a generic apology, the bug logged with its stack, and the next question answered', async () => {
    failNextCooldown = true;
    const { id } = h.fake.command('ask', [opt.string('question', '贾扬清')]);
    const data = (await h.fake.callbackOf(id)).data as Data;
    expect(data.flags).toBe(EPHEMERAL);
    expect(data.content).toMatch(/Sorry, something went wrong/);
    expect(data.content).not.toMatch(/simulated bug|at /);
    expect(h.logs.some((l) => l.includes('simulated bug in a handler') && l.includes('"stack"'))).toBe(true);
    const next = await ask('贾扬清');
    expect(next.embeds!.length).toBeGreaterThan(0);
  });

  it('the token never appears in the log', () => {
    expect(h.logs.join('\n')).not.toContain('fake-bot-token');
  });
});
