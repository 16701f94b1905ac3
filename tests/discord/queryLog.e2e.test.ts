import Database from 'better-sqlite3';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startObservability, servingStateOf, type Observability } from '../../src/observe/index.ts';
import { DB_FILE } from '../../src/observe/queryLog.ts';
import { BOT_USER, BOT_ID, CHANNEL_ID, DM_CHANNEL_ID, USER_ID } from '../../tooling/harness/fakeDiscord.ts';
import { opt, startHarness, type Harness } from '../../tooling/harness/botHarness.ts';
import { until as untilWhat } from '../support/wait.ts';

const until = (check: () => boolean): Promise<void> => untilWhat(check, 'the query log to record it');

// The query log as the bot really fills it: one row per path, through the real discord.js client.
let h: Harness;
let obs: Observability;
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'wenda-qlog-'));
  h = await startHarness({ env: { QUERY_LOG: 'on', DATA_DIR: dataDir, COOLDOWN_QUESTIONS: '1000' } });
  // Wired as src/index.ts does (the handlers read ctx on every event, so wiring after login is the same).
  obs = await startObservability(h.ctx.config, h.ctx.logger, servingStateOf(h.library), {
    queryLog: { flushEveryMs: 50 },
  });
  h.ctx.observer = obs.observer;
  h.ctx.queryLog = obs.queryLog;
});
afterAll(async () => {
  await obs?.close();
  await h?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

function rows(): Array<Record<string, unknown>> {
  obs.queryLog!.flush();
  const db = new Database(path.join(dataDir, DB_FILE), { readonly: true });
  try {
    return db.prepare('SELECT * FROM questions ORDER BY id').all() as Array<Record<string, unknown>>;
  } finally {
    db.close();
  }
}

describe('the query log through the real client', () => {
  it('records a row per path (ask, mention, reply, dm, more) with the user id hashed, never raw', async () => {
    const ask = h.fake.command('ask', [opt.string('question', '商汤科技是谁创立的?')]);
    const answer = (await h.fake.callbackOf(ask.id)).data as { embeds: unknown[]; components: unknown[] };
    h.fake.userMessage(`<@${BOT_ID}> 汤晓鸥创立了什么公司?`, { mentions: [BOT_ID] });
    await h.fake.waitForRequest((r) => r.path === `/channels/${CHANNEL_ID}/messages`);
    const botMessage = h.fake.message(CHANNEL_ID, {
      author: BOT_USER,
    });
    h.fake.userMessage('那王小川呢?', { replyTo: botMessage, mentions: [BOT_ID] });
    h.fake.userMessage('周伯文现在是哪家公司的创始人?', { dm: true });
    await h.fake.waitForRequest((r) => r.path === `/channels/${DM_CHANNEL_ID}/messages`);
    const more = h.fake.button('wd:more:3:3', { embeds: answer.embeds, components: answer.components });
    await h.fake.callbackOf(more.id);
    await until(() => rows().length >= 5);
    const paths = rows().map((r) => r.path);
    expect(new Set(paths)).toEqual(new Set(['ask', 'mention', 'reply', 'dm', 'more']));
    for (const r of rows()) {
      expect(r.user_hash).toMatch(/^[0-9a-f]{16,}$/);
      expect(r.user_hash).not.toContain(USER_ID);
    }
    const bytes = await readFile(path.join(dataDir, DB_FILE));
    expect(bytes.includes(Buffer.from(USER_ID))).toBe(false);
    expect(rows().find((r) => r.path === 'dm')!.guild_id).toBeNull();
  });

  it('links a 👎 to the question it answers through the answer message id', async () => {
    const ask = h.fake.command('ask', [opt.string('question', '李开复的野心是什么?')]);
    const cb = await h.fake.callbackOf(ask.id);
    await until(() => rows().some((r) => r.question === '李开复的野心是什么?' && r.reply_message_id));
    const row = rows().find((r) => r.question === '李开复的野心是什么?')!;
    const data = cb.data as { embeds: unknown[]; components: unknown[] };
    const vote = h.fake.button('wd:fb:down', {
      id: row.reply_message_id,
      embeds: data.embeds,
      components: data.components,
    });
    await h.fake.callbackOf(vote.id);
    obs.queryLog!.flush();
    const db = new Database(path.join(dataDir, DB_FILE), { readonly: true });
    try {
      await until(
        () =>
          (db.prepare('SELECT COUNT(*) AS n FROM feedback').get() as { n: number }).n > 0 ||
          (obs.queryLog!.flush(), false),
      );
      const fb = db.prepare('SELECT * FROM feedback ORDER BY id DESC LIMIT 1').get() as Record<string, unknown>;
      expect(fb.vote).toBe(-1);
      expect(fb.question_id).toBe(row.id);
    } finally {
      db.close();
    }
  });

  it('/insights is refused to a non-moderator, and shows the log to a moderator', async () => {
    const member = h.fake.command('insights', [], { user: { id: '700000000000000009' } });
    const refused = await h.fake.callbackOf(member.id);
    expect(refused.data?.flags).toBe(64);
    expect(String(refused.data?.content)).toMatch(/Only moderators/);
    const mod = h.fake.command('insights', [opt.integer('days', 7)], { permissions: String(1n << 5n) });
    const shown = await h.fake.callbackOf(mod.id);
    expect(shown.data?.flags).toBe(64);
    expect(String(shown.data?.content)).toMatch(/questions/);
  });
});
