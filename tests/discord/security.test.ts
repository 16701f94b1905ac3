import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { commands } from '../../src/discord/commands/index.ts';
import { createLogger } from '../../src/logger.ts';
import {
  BOT_ID,
  MOD_ROLE_ID,
  PERMS_MANAGE_GUILD,
  nextSnowflake,
  type AttachmentServing,
  type InteractionOptions,
} from '../../tooling/harness/fakeDiscord.ts';
import { opt, startHarness, TOKEN, type Harness } from '../../tooling/harness/botHarness.ts';
import { WAIT_MS, until } from '../support/wait.ts';
import type { ReplyData as Data } from '../support/replyData.ts';

// What a hostile member (or a careless error message) can get out of the bot: the token must never
// reach a log line or a reply; moderator power must not leak through DMs, other roles, autocomplete
// or forged buttons; an attachment is checked for type and size before its download completes.

const EPHEMERAL = 64;
const MAX_BYTES = 20_000;
const MOD: InteractionOptions = { permissions: PERMS_MANAGE_GUILD, user: { id: '710000000000000001' } };
const ROLE_MOD: InteractionOptions = { roles: [MOD_ROLE_ID], user: { id: '710000000000000002' } };
const MEMBER: InteractionOptions = { user: { id: '710000000000000003' } };
/** A role the guild has never heard of, let alone listed in MOD_ROLE_IDS. */
const OTHER_ROLE: InteractionOptions = { roles: ['123456789012345678'], user: { id: '710000000000000004' } };
/** Someone who moderates the server, writing to the bot in a DM. */
const DM_FROM_MOD: InteractionOptions = { dm: true, user: MOD.user! };

let h: Harness;
/** REST calls (any test, any route) whose body held the token: checked at the end of the file. */
const leaks: string[] = [];
/** When set, the next cooldown check (the first thing /ask and a mention do) throws this. */
let throwNext: Error | null = null;

beforeAll(async () => {
  h = await startHarness({
    env: { MOD_ROLE_IDS: MOD_ROLE_ID, MAX_DOCUMENT_BYTES: String(MAX_BYTES), COOLDOWN_QUESTIONS: '1000' },
    extend: (ctx) => {
      const take = ctx.cooldown.take.bind(ctx.cooldown);
      ctx.cooldown.take = (user) => {
        const err = throwNext;
        throwNext = null;
        if (err) throw err;
        return take(user);
      };
    },
  });
  h.fake.onRequest((r) => {
    if (JSON.stringify(r.body ?? null).includes(TOKEN)) leaks.push(`${r.method} ${r.path}`);
  });
});
afterAll(async () => {
  await h?.stop();
});
beforeEach(() => {
  h.fake.clear();
});

/** Every file and folder under the corpus, with size and mtime: "unchanged" means this is equal. */
async function corpusState(): Promise<string[]> {
  const entries = await readdir(h.corpusDir, { recursive: true, withFileTypes: true });
  const rows = await Promise.all(
    entries.map(async (e) => {
      const full = path.join(e.parentPath, e.name);
      const s = await stat(full);
      return `${path.relative(h.corpusDir, full)} ${e.isDirectory() ? 'dir' : s.size} ${s.mtimeMs}`;
    }),
  );
  return rows.sort();
}

/** An ephemeral first response (type 4): its text. */
async function ephemeralText(interaction: { id: string }): Promise<string> {
  const cb = await h.fake.callbackOf(interaction.id);
  expect(cb.type).toBe(4);
  expect(cb.data?.flags).toBe(EPHEMERAL);
  return String(cb.data?.content);
}

/** The final text of a deferred reply (the edit of @original), waited for. */
async function editedText(interaction: { token: string }, timeoutMs = 5_000): Promise<string> {
  const edit = await h.fake.waitForRequest(
    (r) => r.method === 'PATCH' && r.path.includes(`/webhooks/`) && r.path.includes(interaction.token),
    timeoutMs,
  );
  return String((edit.body as Data).content);
}

/** An attachment option for /corpus add whose object declares `declaredSize`; the fake serves `bytes`. */
function attachment(
  filename: string,
  bytes: Buffer,
  declaredSize: number,
  serving: AttachmentServing = {},
): { options: Array<Record<string, unknown>>; resolved: Record<string, unknown>; served: string } {
  const id = nextSnowflake();
  const served = `${id}-${path.basename(filename)}`;
  const url = h.fake.serveAttachment(served, bytes, 'text/plain; charset=utf-8', serving);
  return {
    options: [opt.sub('add', [opt.attachment('file', id)])],
    resolved: {
      attachments: { [id]: { id, filename, size: declaredSize, url, proxy_url: url, content_type: 'text/plain' } },
    },
    served,
  };
}

function downloadsOf(served: string): number {
  return h.fake.attachmentDownloads.filter((d) => d.name === served).length;
}

describe('the token', () => {
  const bodies = (): string => JSON.stringify(h.fake.requests.map((r) => r.body));

  it('an error whose message and fields hold the token is logged without it; the user gets a plain apology', async () => {
    const leaky = (): Error =>
      Object.assign(new Error(`request to Discord failed: Authorization: Bot ${TOKEN}`), {
        token: TOKEN,
        headers: { authorization: `Bot ${TOKEN}` },
        config: { discordToken: TOKEN },
      });
    throwNext = leaky();
    const ask = h.fake.command('ask', [opt.string('question', '贾扬清')]);
    expect(await ephemeralText(ask)).toMatch(/Sorry, something went wrong/);
    throwNext = leaky();
    h.fake.userMessage(`<@${BOT_ID}> 贾扬清`, { mentions: [BOT_ID] });
    const reply = await h.fake.waitForRequest((r) => r.method === 'POST' && /^\/channels\/\d+\/messages$/.test(r.path));
    expect((reply.body as Data).content).toMatch(/Sorry, something went wrong/);

    const failures = h.logs.filter((l) => l.includes('request to Discord failed'));
    expect(failures).toHaveLength(2);
    for (const line of failures) expect(line).toContain('Authorization: Bot [REDACTED]');
    expect(h.logs.join('\n')).not.toContain(TOKEN);
    expect(h.logs.join('\n')).not.toContain(TOKEN.slice(0, 14));
    expect(bodies()).not.toContain(TOKEN);
  });

  it('never appears in replies, and interaction replies are not even sent with it', async () => {
    for (const name of ['about', 'help']) await h.fake.callbackOf(h.fake.command(name).id);
    await h.fake.callbackOf(h.fake.command('ask', [opt.string('question', '商汤科技是谁创立的?')]).id);
    await h.fake.callbackOf(h.fake.command('source', [opt.string('id', h.library.index.passages[0]!.id)]).id);
    expect(bodies()).not.toContain(TOKEN);
    // Interaction callbacks authenticate with the interaction's own token (in the URL), not the bot's.
    const callbacks = h.fake.find((r) => r.path.endsWith('/callback'));
    expect(callbacks.length).toBe(4);
    for (const r of callbacks) expect(r.authorization).toBeUndefined();
  });

  it('pino redacts token and authorization keys wherever they sit, even with no secret to scrub', () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const logger = createLogger({ level: 'info', destination });
    logger.info(
      {
        token: 'k1',
        authorization: 'Bot k2',
        headers: { authorization: 'Bot k3' },
        err: { token: 'k4' },
        config: { discordToken: 'k5' },
        discordToken: 'k6',
      },
      'keys',
    );
    const line = JSON.parse(lines.join('')) as Record<string, any>;
    expect(line.token).toBe('[REDACTED]');
    expect(line.authorization).toBe('[REDACTED]');
    expect(line.headers.authorization).toBe('[REDACTED]');
    expect(line.err.token).toBe('[REDACTED]');
    expect(line.config.discordToken).toBe('[REDACTED]');
    expect(line.discordToken).toBe('[REDACTED]');
    expect(lines.join('')).not.toMatch(/k[1-6]/);
  });

  it('interaction tokens (credentials for 15 minutes) are scrubbed from the URLs that discord.js errors carry', async () => {
    // Four 500s exhaust discord.js's retries: the error it throws names the callback URL.
    h.fake.inject({ match: (r) => r.path.endsWith('/callback'), status: 500, times: 4 });
    const { id, token } = h.fake.command('ask', [opt.string('question', '商汤科技是谁创立的?')]);
    await h.fake.waitForRequest(
      (r) => r.path.endsWith('/callback') && (r.body as { data?: Data }).data?.content?.includes('Sorry') === true,
    );
    const isFailure = (l: string): boolean => l.includes('"interaction failed"') && l.includes(id);
    await until(() => h.logs.some(isFailure), 'the failure to be logged');
    expect(h.logs.find(isFailure)).toContain(`/interactions/${id}/[REDACTED]/callback`);
    expect(h.logs.join('\n')).not.toContain(token);
  });
});

describe('moderator commands cannot be reached by others', () => {
  const moderatorCommands = commands.filter((c) => c.moderatorOnly).map((c) => c.data.name);

  it('the moderator-only commands are the ones expected', () => {
    expect(moderatorCommands.sort()).toEqual(['corpus', 'faq', 'insights', 'reindex', 'synonyms']);
  });

  /** One use of each moderator command (and subcommand); /corpus add with a real attachment to fetch. */
  function attempts(): Array<{
    label: string;
    options: Array<Record<string, unknown>>;
    command: string;
    resolved?: Record<string, unknown>;
    served?: string;
  }> {
    const file = attachment('notes.md', Buffer.from('# 笔记\n内容。\n'), 12);
    return [
      { label: '/reindex', command: 'reindex', options: [] },
      { label: '/corpus list', command: 'corpus', options: [opt.sub('list')] },
      {
        label: '/corpus remove',
        command: 'corpus',
        options: [opt.sub('remove', [opt.string('document', 'ai-2-0-founders.md')])],
      },
      { label: '/corpus add', command: 'corpus', options: file.options, resolved: file.resolved, served: file.served },
      { label: '/insights', command: 'insights', options: [opt.integer('days', 30)] },
    ];
  }

  for (const [who, as, reason] of [
    ['in a DM, from a server moderator', DM_FROM_MOD, /only work in a server, not in DMs/],
    ['from a member without Manage Server or a moderator role', MEMBER, /Only moderators/],
    ['from a member with a role that is not in MOD_ROLE_IDS', OTHER_ROLE, /Only moderators/],
  ] as const) {
    it(`are refused ${who}: nothing downloaded, reindexed or changed, each attempt logged`, async () => {
      const corpusBefore = await corpusState();
      const indexBefore = h.library.index;
      const mark = h.logs.length;
      for (const attempt of attempts()) {
        const sent = h.fake.command(attempt.command, attempt.options, {
          ...as,
          ...(attempt.resolved ? { resolved: attempt.resolved } : {}),
        });
        expect(await ephemeralText(sent), attempt.label).toMatch(reason);
        if (attempt.served) expect(downloadsOf(attempt.served), 'attachment downloads').toBe(0);
      }
      expect(h.fake.find((r) => r.method === 'PATCH')).toEqual([]);
      expect(h.library.index).toBe(indexBefore);
      expect(await corpusState()).toEqual(corpusBefore);
      const refusals = h.logs
        .slice(mark)
        .map((l) => JSON.parse(l) as { msg: string; level: number })
        .filter((l) => l.msg === 'moderator command refused');
      expect(refusals.map((l) => l.level)).toEqual([40, 40, 40, 40, 40]);
    });
  }

  it('a moderator by permission or by MOD_ROLE_IDS role gets through (the refusals above are not blanket ones)', async () => {
    expect(await ephemeralText(h.fake.command('corpus', [opt.sub('list')], MOD))).toMatch(/1 document\(s\)/);
    expect(await ephemeralText(h.fake.command('corpus', [opt.sub('list')], ROLE_MOD))).toMatch(/1 document\(s\)/);
  });

  it('autocomplete of /corpus remove lists nothing to a member, another role or a DM; it does to a moderator', async () => {
    const choicesFor = async (as: InteractionOptions): Promise<Data['choices']> => {
      const { id } = h.fake.autocomplete('corpus', [opt.sub('remove', [opt.string('document', '', true)])], as);
      const cb = await h.fake.callbackOf(id);
      expect(cb.type).toBe(8);
      return (cb.data as Data).choices;
    };
    expect(await choicesFor(MEMBER)).toEqual([]);
    expect(await choicesFor(OTHER_ROLE)).toEqual([]);
    expect(await choicesFor(DM_FROM_MOD)).toEqual([]);
    expect((await choicesFor(MOD))!.map((c) => c.value)).toEqual(['ai-2-0-founders.md']);
  });
});

describe('buttons carry state, not power', () => {
  let answer: Data & { components?: unknown[] };
  beforeAll(async () => {
    answer = (await h.fake.callbackOf(h.fake.command('ask', [opt.string('question', '贾扬清在哪里宣布离职的?')]).id))
      .data as typeof answer;
  });

  it('a Source button naming a path or a passage that does not exist gets a clear ephemeral error, and no file', async () => {
    for (const forged of [
      'wd:src:i:../../etc/passwd',
      'wd:src:i:/etc/passwd',
      'wd:src:i:ai-2-0-founders.md',
      'wd:src:i:nope.md#p1',
      'wd:src:i:ai-2-0-founders.md#p9999',
      'wd:src:h:000000000000000000000000',
    ]) {
      const { id } = h.fake.button(forged, { embeds: answer.embeds, components: answer.components }, MEMBER);
      const cb = await h.fake.callbackOf(id);
      const data = cb.data as Data;
      expect(data.flags, forged).toBe(EPHEMERAL);
      expect(data.content, forged).toMatch(/There is no passage with the id ".*"\. Use the autocomplete/);
      expect(data.embeds ?? [], forged).toEqual([]);
      expect(JSON.stringify(data), forged).not.toMatch(/root:|\/bin\/(ba)?sh/);
    }
  });

  it('custom ids that name moderator actions, or are malformed, are stale buttons: nothing runs', async () => {
    const corpusBefore = await corpusState();
    const indexBefore = h.library.index;
    const forgedIds = [
      'wd:reindex',
      'wd:corpus:remove:ai-2-0-founders.md',
      'wd:corpus:add',
      'wd:insights',
      'wd:share',
      'wd:more:1:3:extra',
      'wd:fb:up:1',
      `wd:src:i:${'x'.repeat(120)}`,
      '',
      'wd',
    ];
    for (const forged of forgedIds) {
      // Even from a moderator: a button is never a way to run a moderator command.
      const { id } = h.fake.button(forged, { embeds: answer.embeds, components: answer.components }, MOD);
      const data = (await h.fake.callbackOf(id)).data as Data;
      expect(data.flags, forged).toBe(EPHEMERAL);
      expect(data.content, forged).toMatch(/This button no longer works/);
    }
    expect(h.library.index).toBe(indexBefore);
    expect(await corpusState()).toEqual(corpusBefore);
  });
});

describe('attachments are checked before the download completes', () => {
  /** Runs a refused /corpus add and checks that nothing changed. */
  async function refusedAdd(run: () => Promise<string>, reason: RegExp): Promise<void> {
    const corpusBefore = await corpusState();
    const indexBefore = h.library.index;
    expect(await run()).toMatch(reason);
    expect(await corpusState()).toEqual(corpusBefore);
    expect(h.library.index).toBe(indexBefore);
  }

  it('a declared size over MAX_DOCUMENT_BYTES is refused with no request for the file', async () => {
    const file = attachment('big.md', Buffer.from('# 大\n'.repeat(10)), MAX_BYTES + 1);
    await refusedAdd(
      () => ephemeralText(h.fake.command('corpus', file.options, { ...MOD, resolved: file.resolved })),
      /too large \(20001 bytes; the limit is 20000\)/,
    );
    expect(downloadsOf(file.served)).toBe(0);
  });

  it('a file of no document type (.exe, .pdf, a double extension) is refused by name, with no download', async () => {
    for (const name of ['setup.exe', 'paper.pdf', 'REPORT.PDF', 'notes.md.exe', 'notes']) {
      const file = attachment(name, Buffer.from('MZ\0\0'), 4);
      await refusedAdd(
        () => ephemeralText(h.fake.command('corpus', file.options, { ...MOD, resolved: file.resolved })),
        /is not a \.txt, \.md, \.markdown, \.html or \.htm file/,
      );
      expect(downloadsOf(file.served), name).toBe(0);
    }
  });

  it('a file that declares a small size but streams more than the limit is cut off mid-download and refused', async () => {
    const total = 4 * 1024 * 1024;
    const file = attachment('liar.md', Buffer.alloc(total, 'a'), 100, { chunkBytes: 4_096 });
    await refusedAdd(async () => {
      const sent = h.fake.command('corpus', file.options, { ...MOD, resolved: file.resolved });
      expect((await h.fake.callbackOf(sent.id)).type).toBe(5); // deferred: the download had begun
      return editedText(sent);
    }, /too large/);
    const [download] = h.fake.attachmentDownloads.filter((d) => d.name === file.served);
    await expect.poll(() => download!.done, { timeout: WAIT_MS }).toBe(true);
    expect(download!.aborted).toBe(true);
    expect(download!.bytesSent).toBeLessThan(total);
  });

  it('a file whose Content-Length is over the limit is refused on the headers, and the connection is let go at once', async () => {
    const total = 4 * 1024 * 1024;
    const file = attachment('long.md', Buffer.alloc(total, 'b'), 100, { chunkBytes: 4_096, contentLength: true });
    await refusedAdd(
      async () => {
        const sent = h.fake.command('corpus', file.options, { ...MOD, resolved: file.resolved });
        expect((await h.fake.callbackOf(sent.id)).type).toBe(5);
        return editedText(sent);
      },
      new RegExp(`too large \\(${total} bytes; the limit is ${MAX_BYTES}\\)`),
    );
    const downloads = h.fake.attachmentDownloads.filter((d) => d.name === file.served);
    expect(downloads).toHaveLength(1);
    // Not left open with the body unread: the bot aborts the download once it has read the headers.
    await expect.poll(() => downloads[0]!.done, { timeout: WAIT_MS }).toBe(true);
    expect(downloads[0]!.aborted).toBe(true);
  });
});

describe('after everything above', () => {
  it('no REST body and no log line of this file held the token', () => {
    expect(leaks).toEqual([]);
    expect(h.logs.join('\n')).not.toContain(TOKEN);
  });
});
