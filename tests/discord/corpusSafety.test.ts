import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MOD_ROLE_ID, PERMS_MANAGE_GUILD, nextSnowflake } from '../../tooling/harness/fakeDiscord.ts';
import { opt, startHarness, type Harness } from '../../tooling/harness/botHarness.ts';
import type { ReplyData as Data } from '../support/replyData.ts';

// What a careless moderator, a hostile member and a bad disk day do to the corpus, through the real
// discord.js client and the fake Discord: nothing lost, nothing stuck, and told in words.

const MOD = { permissions: PERMS_MANAGE_GUILD, user: { id: '700000000000000011' } };
const MOD_ZH = { ...MOD, locale: 'zh-CN' };
let h: Harness;

beforeAll(async () => {
  h = await startHarness({ env: { MOD_ROLE_IDS: MOD_ROLE_ID, COOLDOWN_QUESTIONS: '100000' } });
});
afterAll(async () => {
  await h?.stop();
});

/** The text a deferred or immediate reply ends with (the last non-progress edit, or the callback). */
async function finalText(interaction: { id: string; token: string }, timeoutMs = 20_000): Promise<string> {
  const cb = await h.fake.callbackOf(interaction.id, timeoutMs);
  if (cb.type === 4) return String((cb.data as Data).content);
  const until = Date.now() + timeoutMs;
  for (;;) {
    const edits = h.fake.find((r) => r.method === 'PATCH' && r.path.includes(interaction.token));
    const final = edits.map((e) => (e.body as Data).content ?? '').find((c) => c !== '' && !c.startsWith('⏳'));
    if (final) return final;
    if (Date.now() > until) throw new Error(`no final reply for ${interaction.id}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function addDoc(name: string, text: string, who: object = MOD): { id: string; token: string } {
  const id = nextSnowflake();
  const buf = Buffer.from(text);
  const url = h.fake.serveAttachment(`${id}-${name}`, buf);
  return h.fake.command('corpus', [opt.sub('add', [opt.attachment('file', id)])], {
    ...who,
    resolved: {
      attachments: { [id]: { id, filename: name, size: buf.length, url, proxy_url: url, content_type: 'text/plain' } },
    },
  });
}

/** An /ask answer as the member sees it (content and embeds, as JSON). */
async function answerOf(interaction: { id: string }, timeoutMs = 10_000): Promise<string> {
  const cb = await h.fake.callbackOf(interaction.id, timeoutMs);
  return JSON.stringify(cb.data);
}

const ask = (question: string, user = '700000000000000099'): { id: string; token: string } =>
  h.fake.command('ask', [opt.string('question', question)], { user: { id: user } });

describe('the last document', () => {
  it('cannot be removed: the moderator is told why, in their language, and it keeps answering', async () => {
    const [only] = [...h.library.index.documents.keys()];
    expect(h.library.index.documents.size).toBe(1);
    const text = await finalText(
      h.fake.command('corpus', [opt.sub('remove', [opt.string('document', only!)])], MOD_ZH),
    );
    expect(text).toContain('唯一的文档');
    expect(text).not.toMatch(/something went wrong|出了点问题/);
    expect((await readdir(h.corpusDir)).includes(only!)).toBe(true);
    expect(h.library.index.documents.has(only!)).toBe(true);
  });
});

describe('a replace on a full disk', () => {
  it('keeps the old version answerable and tells the moderator the disk is full (not a bug)', async () => {
    const first = await finalText(
      addDoc('jam.md', '# 蓝莓果酱\n\n蓝莓果酱的做法是先把蓝莓洗净,加白糖腌制一小时,再用小火慢慢熬煮四十分钟。\n'),
    );
    expect(first).toContain('jam.md');
    const real = h.library.writer.fs;
    const errors: string[] = [];
    h.ctx.observer = { ...h.ctx.observer, error: (kind) => errors.push(kind) };
    h.library.writer.fs = {
      ...real,
      writeFile: () => Promise.reject(Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' })),
    };
    try {
      const text = await finalText(addDoc('jam.md', '# 新版\n\n完全不同的新内容。\n'));
      expect(text).toMatch(/disk holding the corpus is full/);
      expect(text).not.toMatch(/something went wrong/i);
      expect(errors).toEqual(['user']);
    } finally {
      h.library.writer.fs = real;
    }
    expect(await readFile(path.join(h.corpusDir, 'jam.md'), 'utf8')).toContain('蓝莓果酱');
    const answer = await answerOf(ask('蓝莓果酱的做法是什么?'));
    expect(answer).toContain('蓝莓');
  });
});

describe('an add during a reindex', () => {
  it('is answerable when its reply arrives', async () => {
    const reindex = h.library.reindex();
    const reply = await finalText(
      addDoc('teapot.md', '# 紫砂壶\n\n紫砂壶产于江苏宜兴,用当地特有的紫砂泥烧制而成,适合泡乌龙茶。\n'),
    );
    expect(reply).toContain('teapot.md');
    expect(h.library.index.documents.has('teapot.md')).toBe(true);
    await reindex;
  });
});

describe('autocomplete from a hostile member', () => {
  it('a burst of 1,000 gets suggestions only within a small rate, and another member is answered within 3 s', async () => {
    const hostile = { user: { id: '700000000000000066' } as never };
    const burst = new Set(
      Array.from(
        { length: 1_000 },
        (_, i) => h.fake.autocomplete('source', [opt.string('id', `a${i}`, true)], hostile).id,
      ),
    );
    const started = Date.now();
    const answer = await answerOf(ask('紫砂壶产于哪里?'));
    const tookMs = Date.now() - started;
    expect(answer).toContain('宜兴');
    // Discord's deadline for the first reply: past it the interaction has expired.
    expect(tookMs).toBeLessThan(3_000);
    // The burst came before the question, so every reply the bot makes to it has been sent by now:
    // the few within the rate (with choices), and one [] per refused stretch.
    const replies = h.fake.find((r) => r.method === 'POST' && burst.has(r.path.split('/')[2] ?? ''));
    expect(replies.length).toBeLessThan(50);
    expect(replies.some((r) => ((r.body as { data?: Data }).data?.choices ?? []).length === 0)).toBe(true);
  });
});

describe('file names', () => {
  it('with a newline or bidi control are shown escaped in the reindex reply', async () => {
    await writeFile(
      path.join(h.corpusDir, 'evil\u202Etxt.md'),
      '# 名字\n\n这个文件的名字里有一个从右到左的控制字符。\n',
    );
    await writeFile(path.join(h.corpusDir, 'two\nlines.md'), '# 换行\n\n这个文件的名字里有换行。\n');
    const text = await finalText(h.fake.command('reindex', [], MOD));
    expect(text).toContain('\\\\u202E');
    expect(text).not.toContain('\u202E');
    expect(text).not.toMatch(/two\nlines/);
  });
});
