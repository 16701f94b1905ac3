import { readdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerQuestion } from '../../src/engine/answer.ts';
import { MOD_ROLE_ID, PERMS_MANAGE_GUILD, nextSnowflake } from '../../tooling/harness/fakeDiscord.ts';
import { opt, startHarness, type Harness } from '../../tooling/harness/botHarness.ts';
import { SLOW_WAIT_MS, WAIT_MS, until } from '../support/wait.ts';
import type { ReplyData as Data } from '../support/replyData.ts';

// Moderators keep the corpus from Discord: /reindex, /corpus list|add|remove, who may, and that the
// bot keeps answering whatever they do.

const EPHEMERAL = 64;
const MOD = { permissions: PERMS_MANAGE_GUILD, user: { id: '700000000000000001' } };
const ROLE_MOD = { roles: [MOD_ROLE_ID], user: { id: '700000000000000002' } };
const MEMBER = { user: { id: '700000000000000003' } };
let h: Harness;

beforeAll(async () => {
  h = await startHarness({
    env: { MOD_ROLE_IDS: MOD_ROLE_ID, COOLDOWN_QUESTIONS: '100000', MAX_DOCUMENT_BYTES: '20000' },
  });
});
afterAll(async () => {
  await h?.stop();
});

/** Markdown as a reader sees it: backslash escapes removed. */
const unescape = (md: string): string => md.replace(/\\([\\*_~`|>#[\]()<-])/g, '$1');

/** A deferred moderator command: the ephemeral defer, then the final edit of @original (as read). */
async function deferredResult(interaction: { id: string; token: string }, timeoutMs = WAIT_MS): Promise<string> {
  const cb = await h.fake.callbackOf(interaction.id, timeoutMs);
  expect(cb.type).toBe(5);
  expect(cb.data?.flags).toBe(EPHEMERAL);
  const final = (): string | undefined =>
    h.fake
      .find((r) => r.method === 'PATCH' && r.path.includes(`/webhooks/`) && r.path.includes(interaction.token))
      .map((e) => (e.body as Data).content ?? '')
      .find((c) => c !== '' && !c.startsWith('⏳'));
  await until(() => final() !== undefined, `the final edit for ${interaction.id}`, timeoutMs);
  return unescape(final()!);
}

async function refusal(interaction: { id: string }): Promise<string> {
  const cb = await h.fake.callbackOf(interaction.id);
  expect(cb.type).toBe(4);
  expect(cb.data?.flags).toBe(EPHEMERAL);
  return String(cb.data?.content);
}

function attachment(
  name: string,
  bytes: Buffer | string,
  size?: number,
): { option: Record<string, unknown>; resolved: Record<string, unknown> } {
  const id = nextSnowflake();
  const buf = Buffer.from(bytes);
  const url = h.fake.serveAttachment(`${id}-${path.basename(name)}`, buf);
  return {
    option: opt.attachment('file', id),
    resolved: {
      attachments: {
        [id]: { id, filename: name, size: size ?? buf.length, url, proxy_url: url, content_type: 'text/plain' },
      },
    },
  };
}

function addDoc(name: string, bytes: Buffer | string, who: object = MOD, size?: number): { id: string; token: string } {
  const file = attachment(name, bytes, size);
  return h.fake.command('corpus', [opt.sub('add', [file.option])], { ...who, resolved: file.resolved });
}

describe('who is a moderator', () => {
  it('a member without Manage Server or a moderator role is refused, and the attempt logged', async () => {
    const text = await refusal(h.fake.command('reindex', [], MEMBER));
    expect(text).toMatch(/Only moderators/);
    expect(h.logs.some((l) => l.includes('moderator command refused') && l.includes(MEMBER.user.id))).toBe(true);
    expect(
      await refusal(h.fake.command('corpus', [opt.sub('list')], { ...MEMBER, roles: ['123456789012345678'] })),
    ).toMatch(/Only moderators/);
  });

  it("moderator commands do not work in DMs, whatever the user's permissions", async () => {
    expect(await refusal(h.fake.command('reindex', [], { dm: true, user: MOD.user }))).toMatch(/only work in a server/);
  });

  it('a member with a MOD_ROLE_IDS role may use them', async () => {
    const text = await deferredResult(h.fake.command('reindex', [], ROLE_MOD));
    expect(text).toMatch(/Reindexed in \d+ ms/);
  });

  it('autocomplete of /corpus remove suggests nothing to a non-moderator', async () => {
    const member = h.fake.autocomplete('corpus', [opt.sub('remove', [opt.string('document', '', true)])], MEMBER);
    expect(((await h.fake.callbackOf(member.id)).data as { choices: unknown[] }).choices).toEqual([]);
    const mod = h.fake.autocomplete('corpus', [opt.sub('remove', [opt.string('document', 'ai', true)])], MOD);
    expect(((await h.fake.callbackOf(mod.id)).data as { choices: Array<{ value: string }> }).choices[0]!.value).toBe(
      'ai-2-0-founders.md',
    );
  });
});

describe('/reindex and /corpus', () => {
  it('/reindex replies with a diff: added, removed, changed, passages before → after, time', async () => {
    await writeFile(
      path.join(h.corpusDir, 'pandas.md'),
      '---\ntitle: 大熊猫\n---\n大熊猫每天要吃十几公斤竹子,一天中大部分时间都在进食和睡觉。\n',
    );
    const text = await deferredResult(h.fake.command('reindex', [], MOD));
    expect(text).toMatch(/Reindexed in \d+ ms/);
    expect(text).toMatch(/Documents 1 → 2, passages \d+ → \d+/);
    expect(text).toContain('Added: pandas.md');
    expect(answerQuestion(h.library.index, '大熊猫每天吃多少竹子?').passages[0]?.citation.docId).toBe('pandas.md');
  });

  it('/reindex whose build fails in the worker tells the moderator why, and the old index keeps answering', async () => {
    const live = h.library.index;
    const away = `${h.corpusDir}.away`;
    await rename(h.corpusDir, away);
    let text: string;
    try {
      text = await deferredResult(h.fake.command('reindex', [], MOD), SLOW_WAIT_MS);
    } finally {
      await rename(away, h.corpusDir);
    }
    expect(text).toMatch(/❌ Reindex failed: .*does not exist.*The current index keeps answering/s);
    expect(h.library.index).toBe(live);
    expect(answerQuestion(h.library.index, '大熊猫每天吃多少竹子?').passages[0]?.citation.docId).toBe('pandas.md');
  });

  it('/corpus list shows each document with title, passages, size and last change', async () => {
    const cb = await h.fake.callbackOf(h.fake.command('corpus', [opt.sub('list')], MOD).id);
    const text = unescape(String(cb.data?.content));
    expect(cb.data?.flags).toBe(EPHEMERAL);
    expect(text).toMatch(/2 document\(s\)/);
    expect(text).toMatch(/`ai-2-0-founders\.md` — AI 2\.0诸神之战.* · \d+ ¶ · [\d.]+ KB · <t:\d+:d>/);
  });

  it('/corpus add of a good file writes it, reindexes, and it answers', async () => {
    const text = await deferredResult(
      addDoc('红茶 notes.txt', '红茶笔记\n祁门红茶产于安徽省祁门县,是中国十大名茶之一。\n'),
    );
    expect(text).toMatch(/Added `红茶-notes\.txt`/);
    expect(text).toContain('Added: 红茶-notes.txt');
    expect(await readFile(path.join(h.corpusDir, '红茶-notes.txt'), 'utf8')).toContain('祁门红茶');
    expect(answerQuestion(h.library.index, '祁门红茶产于哪里?').passages[0]?.citation.title).toBe('红茶笔记');
    expect(h.logs.some((l) => l.includes('"action":"corpus.add"') && l.includes(MOD.user.id))).toBe(true);
  });

  it('/corpus add of a too-large file is refused before downloading, and nothing changes', async () => {
    const before = await readdir(h.corpusDir);
    const text = await refusal(addDoc('big.txt', 'x'.repeat(10), MOD, 50_000));
    expect(text).toMatch(/too large \(50000 bytes; the limit is 20000\)/);
    expect(await readdir(h.corpusDir)).toEqual(before);
  });

  it('/corpus add with a path-traversal name writes inside the corpus, under a clean name', async () => {
    const text = await deferredResult(
      addDoc('../../etc/passwd.txt', '密码文件\n这不是密码,只是一个名字很危险的文档。\n'),
    );
    expect(text).toMatch(/Added `passwd\.txt`/);
    expect(await readFile(path.join(h.corpusDir, 'passwd.txt'), 'utf8')).toContain('名字很危险');
    // No extension: refused at once. A hidden or reserved name: renamed to something safe.
    for (const name of ['..', '../../etc/passwd'])
      expect(await refusal(addDoc(name, '标题\n内容。\n'))).toMatch(
        /not a \.txt, \.md, \.markdown, \.html or \.htm file/,
      );
    expect(await deferredResult(addDoc('.hidden.md', '# 隐藏\n隐藏文件的内容。\n'))).toMatch(/Added `hidden\.md`/);
    expect(await deferredResult(addDoc('CON.txt', '设备名\n保留设备名的内容。\n'))).toMatch(/Added `doc-CON\.txt`/);
    const names = await readdir(h.corpusDir);
    expect(names.some((n) => n === '.hidden.md' || n === 'CON.txt')).toBe(false);
    expect(await readdir(path.join(h.corpusDir, '..'))).not.toContain('passwd.txt');
  });

  it('/corpus add of a non-UTF-8 file is refused with the reason, and the old index keeps answering', async () => {
    const gbk = Buffer.from([0xc4, 0xe3, 0xba, 0xc3, 0xca, 0xc0, 0xbd, 0xe7]);
    const text = await deferredResult(addDoc('gbk.txt', gbk));
    expect(text).toMatch(/gbk\.txt is not valid UTF-8/);
    expect((await readdir(h.corpusDir)).includes('gbk.txt')).toBe(false);
    expect(answerQuestion(h.library.index, '贾扬清在哪里宣布离职的?').answered).toBe(true);
  });

  it('a bad document reaches a Chinese moderator in Chinese: traditional for zh-TW, simplified for zh-CN', async () => {
    const gbk = Buffer.from([0xc4, 0xe3, 0xba, 0xc3]);
    const tw = await deferredResult(addDoc('舊檔.txt', gbk, { ...MOD, locale: 'zh-TW' }));
    expect(tw).toBe('舊檔.txt 不是有效的 UTF-8 文字(請另存為 UTF-8 後重試)');
    const cn = await deferredResult(addDoc('旧档.txt', gbk, { ...MOD, locale: 'zh-CN' }));
    expect(cn).toBe('旧档.txt 不是有效的 UTF-8 文本(请另存为 UTF-8 后重试)');
    // Refused before the download, by the bot's own check: the same catalogue.
    expect(await refusal(addDoc('报告.pdf', 'x', { ...MOD, locale: 'zh-TW' }))).toMatch(/^"报告\.pdf" 不是 \.txt/);
  });

  it('/corpus remove moves the document aside (recoverable) and reindexes', async () => {
    const text = await deferredResult(
      h.fake.command('corpus', [opt.sub('remove', [opt.string('document', 'pandas.md')])], MOD),
    );
    expect(text).toMatch(/Removed `pandas\.md` \(recoverable from `\.removed\/.*pandas\.md`\)/);
    expect(text).toContain('Removed: pandas.md');
    const removed = await readdir(path.join(h.corpusDir, '.removed'));
    expect(removed.some((n) => n.endsWith('pandas.md'))).toBe(true);
    expect(h.library.index.documents.has('pandas.md')).toBe(false);
    expect(
      await refusal(h.fake.command('corpus', [opt.sub('remove', [opt.string('document', 'pandas.md')])], MOD)),
    ).toMatch(/no document "pandas\.md"/);
  });

  it('bad files in the directory are skipped and named; the rest is indexed and answers', async () => {
    await writeFile(path.join(h.corpusDir, 'broken.md'), '---\ntitle: 没有结束\n正文\n');
    await writeFile(path.join(h.corpusDir, 'empty.txt'), '   \n');
    await writeFile(path.join(h.corpusDir, 'binary.txt'), Buffer.from([0x00, 0x01, 0x02]));
    const text = await deferredResult(h.fake.command('reindex', [], MOD));
    expect(text).toMatch(/Reindexed/);
    expect(text).toMatch(/Skipped broken\.md: front matter/);
    expect(text).toMatch(/Skipped empty\.txt: is empty/);
    expect(text).toMatch(/Skipped binary\.txt: looks binary/);
    expect(answerQuestion(h.library.index, '祁门红茶产于哪里?').answered).toBe(true);
  });
});

describe('answering never waits for a rebuild', () => {
  it(
    '200 questions during 10 simultaneous /reindex calls: all answered, exactly one rebuild',
    async () => {
      // A corpus big enough that the rebuild (about a second) outlasts the ten acknowledgements.
      for (let i = 0; i < 1200; i++) {
        await writeFile(
          path.join(h.corpusDir, `gen-${i}.txt`),
          `文档${i}\n${'城市的历史与河流的变迁,'.repeat(20)}第${i}号文档记录了第${i}座桥。\n`,
        );
      }
      const before = h.library.reindexCount;
      h.fake.clear();
      const reindexes = Array.from({ length: 10 }, () => h.fake.command('reindex', [], MOD));
      const asks = Array.from({ length: 200 }, (_, i) =>
        h.fake.command('ask', [opt.string('question', i % 2 ? '贾扬清在哪里宣布离职的?' : '商汤科技是谁创立的?')], {
          user: { id: `80000000000000${1000 + i}` },
        }),
      );
      const answers = await Promise.all(asks.map((a) => h.fake.callbackOf(a.id, SLOW_WAIT_MS)));
      expect(answers.every((cb) => cb.type === 4 && ((cb.data as Data).embeds?.length ?? 0) > 0)).toBe(true);
      const results = await Promise.all(reindexes.map((r) => deferredResult(r, SLOW_WAIT_MS)));
      expect(results.every((t) => t.includes('Reindexed in'))).toBe(true);
      expect(results.filter((t) => t.includes('joined a rebuild already running')).length).toBe(9);
      expect(h.library.reindexCount).toBe(before + 1);
      // Some answers came back before the rebuild finished: none waited for it.
      const firstEdit = Math.min(
        ...h.fake
          .find((r) => r.method === 'PATCH' && String((r.body as Data).content).includes('Reindexed'))
          .map((r) => r.at),
      );
      const answeredEarly = h.fake
        .find((r) => r.path.endsWith('/callback') && (r.body as { type: number }).type === 4)
        .filter((r) => r.at < firstEdit);
      expect(answeredEarly.length).toBeGreaterThan(0);
    },
    3 * SLOW_WAIT_MS,
  );
});
