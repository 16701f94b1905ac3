import { readFileSync } from 'node:fs';
import { stripInvisible } from '../../src/engine/normalize.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasLoneSurrogate } from '../support/unicode.ts';
import { ask, type Run } from '../support/cli.ts';
import { opt, startHarness, type Harness } from '../../tooling/harness/botHarness.ts';
import { OTHER_USER, BOT_ID, CHANNEL_ID, MOD_ROLE_ID, OTHER_USER_ID } from '../../tooling/harness/fakeDiscord.ts';
import { SLOW_WAIT_MS } from '../support/wait.ts';

// The hostile input suite: every case goes through /ask and through an @mention in a channel (all of
// them at once, each from its own user so that the cooldown stays out of the way), its autocomplete is
// asked for, and a representative subset goes through the CLI too (spawned concurrently, while the bot
// runs). Each case must get a clear reply — an answer, "not in the corpus", or a user error saying what
// to fix — and none may crash the bot, ping anyone, or show an internal error.

/** The lines of the shipped corpus: a passage is whole paragraphs of it (captions between them left out). */
const CORPUS_LINES = new Set(
  readFileSync(new URL('../../corpus/ai-2-0-founders.md', import.meta.url), 'utf8').split('\n'),
);
const EPHEMERAL = 64;

/** What a case must get. `reply`: an answer or "not in the corpus", whichever the engine decides. */
type Expect = 'answered' | 'notFound' | 'empty' | 'tooLong' | 'reply';

interface Case {
  name: string;
  question: string;
  expect: Expect;
  /** Also run through the CLI as its own process (argv). Every single-line case goes through the CLI's stdin. */
  cli?: boolean;
}

/** A real question padded to exactly 300 characters (UTF-16 units and code points alike): the /ask limit. */
const EXACTLY_300 = (() => {
  let s = '贾扬清在哪里宣布离职的?';
  while (s.length < 300) s += ' 离职';
  return s.slice(0, 300);
})();

const CASES: Case[] = [
  { name: 'empty', question: '', expect: 'empty', cli: true },
  { name: 'white space only', question: ' \t  \u3000 ', expect: 'empty' },
  { name: 'one Han character', question: '贾', expect: 'reply' },
  { name: 'one Latin character', question: 'a', expect: 'notFound' },
  { name: 'exactly 300 characters', question: EXACTLY_300, expect: 'answered' },
  { name: '301 characters', question: `${EXACTLY_300}清`, expect: 'tooLong' },
  { name: '6,000 characters', question: '贾扬清'.repeat(2_000), expect: 'tooLong', cli: true },
  { name: '@everyone', question: '@everyone 贾扬清在哪里宣布离职的?', expect: 'answered', cli: true },
  { name: '@here', question: '@here 王慧文的光年之外估值多少?', expect: 'answered' },
  { name: 'a role mention', question: `<@&${MOD_ROLE_ID}> 李开复的野心是什么?`, expect: 'answered' },
  { name: 'a user mention', question: `<@${OTHER_USER_ID}> 商汤科技是谁创立的?`, expect: 'answered' },
  { name: 'a nickname mention', question: `<@!${OTHER_USER_ID}> 商汤科技`, expect: 'reply' },
  { name: 'a channel mention', question: `<#${CHANNEL_ID}> 光年之外`, expect: 'reply' },
  { name: 'Markdown', question: '**粗体** __下划线__ ~~删除~~ ||剧透|| # 标题\n> 引用 贾扬清', expect: 'reply' },
  { name: 'a code fence', question: '```js\nalert(1)\n``` 贾扬清离职', expect: 'reply' },
  { name: 'inline code', question: '`rm -rf /` 王慧文', expect: 'reply' },
  { name: 'a link', question: 'https://evil.example/?q=贾扬清', expect: 'reply' },
  { name: 'a masked link', question: '[点我](https://evil.example) 王慧文', expect: 'reply' },
  { name: 'zero-width characters', question: '贾\u200b扬\u200c清\u200d在哪里\ufeff宣布离职', expect: 'answered' },
  { name: 'bidi overrides', question: '\u202e贾扬清\u202c在哪里\u2066宣布离职\u2069', expect: 'answered' },
  { name: 'lone surrogates around text', question: '\ud800贾扬清\udfff离职', expect: 'answered', cli: true },
  { name: 'lone surrogates only', question: '\udc00\ud800', expect: 'notFound' },
  { name: 'NUL and control characters around text', question: '\u0000贾扬清\u0007离职\u001b[31m', expect: 'answered' },
  { name: 'control characters only', question: '\u0000\u0001\u0002\u001f\u007f', expect: 'notFound' },
  { name: 'emoji only', question: '😀🎉👩‍💻🇨🇳', expect: 'notFound' },
  { name: 'regex metacharacters', question: '.*+?^${}()|[]\\', expect: 'notFound', cli: true },
  { name: 'regex metacharacters around words', question: '贾扬清.*(离职|宣布)?[a-z]+$', expect: 'reply' },
  { name: 'SQL-like', question: "'; DROP TABLE x;--", expect: 'notFound', cli: true },
  { name: 'SQL-like around words', question: "贾扬清' OR '1'='1", expect: 'reply' },
  { name: 'path-like', question: '../../etc/passwd', expect: 'notFound' },
  { name: 'Windows path-like', question: '..\\..\\windows\\system32\\config', expect: 'notFound' },
  { name: 'Japanese', question: 'ジャ・ヤンチンはどこで退職を発表しましたか?', expect: 'notFound' },
  { name: 'Arabic', question: 'من أسس شركة سينس تايم؟', expect: 'notFound', cli: true },
  { name: '繁體 and 简体 mixed', question: '賈揚清在哪裡宣布离职的?', expect: 'answered' },
  { name: '繁體', question: '王慧文的光年之外估值多少錢?', expect: 'answered' },
  { name: 'HTML', question: '<script>alert(1)</script>', expect: 'reply' },
  { name: 'Discord timestamp and emoji markup', question: '<t:0:R> <:pepe:123456789012345678>', expect: 'reply' },
  { name: 'format strings', question: '%s %d %n {0} ${process.env.DISCORD_TOKEN}', expect: 'reply' },
  { name: 'prototype words', question: '__proto__ constructor toString', expect: 'reply' },
  { name: 'many lines', question: '贾扬清\n\n\n\n在哪里\r\n宣布离职', expect: 'reply' },
];

interface Embed {
  title?: string;
  description?: string;
  footer?: { text: string };
  url?: string;
}
interface Data {
  content?: string;
  embeds?: Embed[];
  components?: Array<{ components: Array<Record<string, unknown>> }>;
  flags?: number;
  allowed_mentions?: Record<string, unknown>;
  message_reference?: Record<string, unknown>;
  choices?: Array<{ name: string; value: string }>;
}

/** A mention Discord would render: none may be left whole anywhere the reader sees. */
const RAW_MENTION = /@(?:everyone|here)|<@[!&]?\d|<#\d/;
/** What an internal error looks like: none may reach a user. */
const LEAK = /Error:|TypeError|RangeError|SyntaxError|\n\s+at |\bat .*:\d+:\d+\)|node:internal|file:\/\//;

/** The text a reader sees in a rendered quote: escapes undone, defused mentions back to "@", quote marks off. */
function readQuote(md: string): string {
  return md
    .replace(/^>>> /, '')
    .replace(/\\(.)|\*\*/gsu, (_m, c: string | undefined) => c ?? '')
    .replace(/@\u200b/g, '@');
}

type Outcome = 'answered' | 'notFound' | 'noTerms' | 'empty' | 'tooLong' | 'other';

function outcomeOf(d: Data): Outcome {
  if ((d.embeds?.length ?? 0) > 0) return 'answered';
  const content = d.content ?? '';
  if (/^Not in the corpus/m.test(content)) return 'notFound';
  if (content.includes('has no words to search for')) return 'noTerms';
  if (content.includes('The question is empty')) return 'empty';
  if (/The question is too long \(\d+ characters; the limit is 300\)/.test(content)) return 'tooLong';
  return 'other';
}

function expectOutcome(d: Data, expected: Expect): void {
  const outcome = outcomeOf(d);
  const allowed: Record<Expect, Outcome[]> = {
    answered: ['answered'],
    notFound: ['notFound', 'noTerms'],
    empty: ['empty'],
    tooLong: ['tooLong'],
    reply: ['answered', 'notFound', 'noTerms'],
  };
  expect(allowed[expected], JSON.stringify(d).slice(0, 400)).toContain(outcome);
}

/** Everything a reader sees of a reply except the footers (see the footer test below). */
function visibleText(d: Data): string[] {
  const labels = (d.components ?? []).flatMap((row) =>
    row.components.map((c) => (typeof c.label === 'string' ? c.label : '')),
  );
  return [d.content ?? '', ...(d.embeds ?? []).flatMap((e) => [e.title ?? '', e.description ?? '']), ...labels];
}

/** The checks every reply to a hostile question must pass, whatever it says. */
function expectSafe(d: Data): void {
  // No pings: nothing parsed, no user allowed (no `mention` option was used), no reply ping.
  expect(d.allowed_mentions).toEqual({ parse: [], replied_user: false });
  for (const text of visibleText(d)) expect(text).not.toMatch(RAW_MENTION);
  expect(JSON.stringify(d)).not.toMatch(LEAK);
  expect(JSON.stringify(d)).not.toContain('fake-bot-token');
  // Within Discord's limits.
  expect(d.content?.length ?? 0).toBeLessThanOrEqual(2_000);
  expect(d.embeds?.length ?? 0).toBeLessThanOrEqual(10);
  const total = (d.embeds ?? []).reduce(
    (n, e) => n + (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.footer?.text.length ?? 0),
    0,
  );
  expect(total).toBeLessThanOrEqual(6_000);
  // An answer quotes the corpus verbatim, under the passage id its footer names.
  for (const e of d.embeds ?? []) {
    const id = e.footer!.text.split('\n')[0]!;
    const passage = h.library.index.passages.find((p) => p.id === id);
    expect(passage?.id, `the footer names ${id}`).toBe(id);
    for (const piece of readQuote(e.description!).split('…')) expect(passage!.text).toContain(piece);
  }
}

/** Distinct snowflake-looking user ids, so that no case shares a cooldown with another. */
const userId = (path: number, i: number): string => `7${path}${String(i).padStart(16, '0')}`;

let h: Harness;
const askReplies = new Map<string, Data>();
const askCallbackTypes = new Map<string, number>();
const mentionReplies = new Map<string, Data>();
const autocompleteReplies = new Map<string, Data>();
let cliRuns: Promise<{ argv: Map<string, Run>; lines: Run }>;

beforeAll(async () => {
  // The CLI processes start first and run while the bot starts and answers.
  cliRuns = runCli();
  h = await startHarness({ env: { COOLDOWN_QUESTIONS: '1000', COOLDOWN_SECONDS: '60' } });

  // Everything at once: the callbacks bypass discord.js's REST queue; channel posts go through it.
  const asks = CASES.map((c, i) => ({
    c,
    id: h.fake.command('ask', [opt.string('question', c.question)], { user: { id: userId(1, i) } }).id,
  }));
  const mentions = CASES.map((c, i) => ({
    c,
    id: h.fake.userMessage(`<@${BOT_ID}> ${c.question}`, { mentions: [BOT_ID], author: { id: userId(2, i) } }),
  }));
  const completes = CASES.map((c, i) => ({
    c,
    id: h.fake.autocomplete('ask', [opt.string('question', c.question, true)], { user: { id: userId(3, i) } }).id,
  }));
  await Promise.all([
    ...asks.map(async ({ c, id }) => {
      const cb = await h.fake.callbackOf(id, SLOW_WAIT_MS);
      askCallbackTypes.set(c.name, cb.type);
      askReplies.set(c.name, cb.data ?? {});
    }),
    ...mentions.map(async ({ c, id }) => {
      const post = await h.fake.waitForRequest(
        (r) =>
          r.method === 'POST' &&
          r.path === `/channels/${CHANNEL_ID}/messages` &&
          (r.body as Data).message_reference?.message_id === id,
        SLOW_WAIT_MS,
      );
      mentionReplies.set(c.name, post.body as Data);
    }),
    ...completes.map(async ({ c, id }) => {
      const cb = await h.fake.callbackOf(id, SLOW_WAIT_MS);
      autocompleteReplies.set(c.name, { ...(cb.data as Data), flags: cb.type });
    }),
  ]);
});

afterAll(async () => {
  await h?.stop();
});

describe('hostile questions through /ask', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', (_, c) => {
    const d = askReplies.get(c.name)!;
    expect(askCallbackTypes.get(c.name)).toBe(4); // one immediate response, never left unanswered
    expectOutcome(d, c.expect);
    expectSafe(d);
    // A user error is told to the asker alone.
    if (c.expect === 'empty' || c.expect === 'tooLong') expect(d.flags).toBe(EPHEMERAL);
  });
});

describe('hostile questions through an @mention in a channel', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', (_, c) => {
    const d = mentionReplies.get(c.name)!;
    expectOutcome(d, c.expect);
    expectSafe(d);
  });
});

describe('hostile text typed into /ask (autocomplete)', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', (_, c) => {
    const d = autocompleteReplies.get(c.name)!;
    expect(d.flags).toBe(8); // APPLICATION_COMMAND_AUTOCOMPLETE_RESULT
    const choices = d.choices ?? [];
    expect(choices.length).toBeLessThanOrEqual(25);
    for (const choice of choices) {
      expect(choice.name.trim().length).toBeGreaterThan(0);
      expect(choice.name.length).toBeLessThanOrEqual(100);
      expect(choice.value.length).toBeLessThanOrEqual(100);
    }
    if (c.question.trim() !== '') expect(choices[0]?.value).toBe(c.question.trim().slice(0, 100));
    expect(JSON.stringify(d)).not.toMatch(LEAK);
  });

  // The choice is cut at 100 UTF-16 units; an emoji straddling unit 100 must not leave a lone surrogate.
  it('a typed question with an emoji at the 100th unit is not cut inside its surrogate pair', async () => {
    const typed = `a${'😀'.repeat(60)}`;
    const { id } = h.fake.autocomplete('ask', [opt.string('question', typed, true)], { user: { id: userId(4, 1) } });
    const choices = ((await h.fake.callbackOf(id)).data as Data).choices ?? [];
    for (const choice of choices) {
      expect(hasLoneSurrogate(choice.name), JSON.stringify(choice.name.slice(-3))).toBe(false);
      expect(hasLoneSurrogate(choice.value)).toBe(false);
    }
  });
});

describe('across all the hostile questions', () => {
  it('has at least 30 cases, and replies to every one on both paths', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(30);
    expect(askReplies.size).toBe(CASES.length);
    expect(mentionReplies.size).toBe(CASES.length);
    // Exactly one reply per message: nothing answered twice, no error reply on top of an answer.
    const posts = h.fake.find((r) => r.method === 'POST' && r.path === `/channels/${CHANNEL_ID}/messages`);
    const refs = posts.map((p) => (p.body as Data).message_reference?.message_id);
    expect(new Set(refs).size).toBe(refs.length);
  });

  it('no recorded request body carries an internal error or a stack', () => {
    for (const r of h.fake.requests) expect(JSON.stringify(r.body) ?? '').not.toMatch(LEAK);
  });

  it('nothing is logged at error level (50) or above for user input, and user text is not logged as an error', () => {
    const levels = h.logs.map((l) => (JSON.parse(l) as { level: number }).level);
    expect(levels.length).toBeGreaterThan(0);
    expect(h.logs.filter((_, i) => levels[i]! >= 50)).toEqual([]);
  });

  it('the bot is still up: a normal question is answered by /ask and by an @mention', async () => {
    const { id } = h.fake.command('ask', [opt.string('question', '贾扬清在哪里宣布离职的?')], {
      user: { id: userId(5, 1) },
    });
    const cb = await h.fake.callbackOf(id);
    expect(cb.type).toBe(4);
    expect((cb.data as Data).embeds![0]!.description).toContain('官宣离职');
    const msg = h.fake.userMessage(`<@${BOT_ID}> 商汤科技是谁创立的?`, {
      mentions: [BOT_ID],
      author: { id: userId(5, 2) },
    });
    const post = await h.fake.waitForRequest(
      (r) => r.method === 'POST' && (r.body as Data | null)?.message_reference?.message_id === msg,
    );
    expect((post.body as Data).embeds![0]!.description).toContain('汤晓鸥');
  });

  it('with the `mention` option, the addressee is the only mention allowed, whatever the question says', async () => {
    const { id } = h.fake.command(
      'ask',
      [
        opt.string('question', `@everyone <@&${MOD_ROLE_ID}> 贾扬清在哪里宣布离职的?`),
        opt.user('mention', OTHER_USER_ID),
      ],
      {
        user: { id: userId(5, 3) },
        resolved: {
          users: {
            [OTHER_USER_ID]: OTHER_USER,
          },
        },
      },
    );
    const d = (await h.fake.callbackOf(id)).data as Data;
    expect(d.allowed_mentions).toEqual({ parse: [], users: [OTHER_USER_ID], replied_user: false });
    // The addressee's mention opens the content; nothing else in the reply is a mention.
    const [first, ...rest] = (d.content ?? '').split('\n');
    expect(first).toBe(`<@${OTHER_USER_ID}>`);
    for (const text of [rest.join('\n'), ...(d.embeds ?? []).flatMap((e) => [e.title ?? '', e.description ?? ''])])
      expect(text).not.toMatch(RAW_MENTION);
    expect(d.embeds?.length).toBeGreaterThan(0);
  });

  // The question is shown in the first embed's footer: it is defused like every other line of the reply.
  it('no footer carries a raw mention', () => {
    const footers = [...askReplies.values(), ...mentionReplies.values()].flatMap((d) =>
      (d.embeds ?? []).map((e) => e.footer?.text ?? ''),
    );
    expect(footers.some((f) => f.includes('❓ '))).toBe(true);
    for (const footer of footers) expect(footer).not.toMatch(RAW_MENTION);
  });

  // /source names an unknown id in its answer: escaped, cut pair-safely, never a raw mention.
  it('/source with a hostile unknown id says so without echoing a raw mention', async () => {
    const { id } = h.fake.command('source', [opt.string('id', `@everyone <@&${MOD_ROLE_ID}> **bold**`)], {
      user: { id: userId(5, 4) },
    });
    const d = (await h.fake.callbackOf(id)).data as Data;
    expect(d.flags).toBe(EPHEMERAL);
    expect(d.allowed_mentions).toEqual({ parse: [], replied_user: false });
    expect(d.content).toMatch(/no passage with the id/);
    expect(d.content).not.toMatch(RAW_MENTION);
  });
});

// ---------------------------------------------------------------------------------------------
// The CLI

/** Questions that fit on one line go through the CLI's JSON Lines mode, all in one process. */
const LINE_CASES = CASES.filter((c) => !/[\r\n]/.test(c.question));

async function runCli(): Promise<{ argv: Map<string, Run>; lines: Run }> {
  const argvCases = CASES.filter((c) => c.cli);
  // "--" so that a question starting with "-" is never read as an option.
  const [lines, ...argvRuns] = await Promise.all([
    ask(['--json'], `${LINE_CASES.map((c) => c.question).join('\n')}\n`),
    ...argvCases.map((c) => ask(['--json', '--', c.question])),
  ]);
  return { argv: new Map(argvCases.map((c, i) => [c.name, argvRuns[i]!])), lines };
}

/** A JSON answer of the CLI's contract whose passages are verbatim text of the corpus. */
function expectContractAnswer(answer: Record<string, unknown>): void {
  expect(Object.keys(answer).sort()).toEqual(['answered', 'passages', 'question', 'tookMs']);
  const passages = answer.passages as Array<{ rank: number; text: string }>;
  expect(answer.answered).toBe(passages.length > 0);
  passages.forEach((p, i) => {
    expect(p.rank).toBe(i + 1);
    for (const line of p.text.split('\n')) expect(CORPUS_LINES.has(line), line).toBe(true);
  });
}

describe('hostile questions through the CLI', () => {
  const argvCases = CASES.filter((c) => c.cli);

  it('has a representative subset run as separate processes', () => {
    expect(argvCases.length).toBeGreaterThanOrEqual(6);
  });

  it.each(argvCases.map((c) => [c.name, c] as const))('ask --json -- <%s>', async (_, c) => {
    const run = (await cliRuns).argv.get(c.name)!;
    expect(run.stderr).not.toMatch(/\n\s+at |TypeError|node:internal/);
    if (c.expect === 'empty' || c.expect === 'tooLong') {
      // Bad usage: exit 2, one line saying why, nothing on stdout.
      expect(run.code, run.stderr).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(
        c.expect === 'empty' ? /question is empty/ : /too long \(6000 characters; the limit is 1000\)/,
      );
      return;
    }
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout.split('\n').filter(Boolean);
    expect(lines).toHaveLength(1);
    const answer = JSON.parse(lines[0]!) as Record<string, unknown>;
    expectContractAnswer(answer);
    if (c.expect === 'answered') expect(answer.answered).toBe(true);
    if (c.expect === 'notFound') expect(answer.answered).toBe(false);
  });

  it('answers every one-line case on stdin (JSON Lines): one object per non-blank line, in order, exit 0', async () => {
    const run = (await cliRuns).lines;
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).not.toMatch(/\n\s+at |TypeError|node:internal/);
    const out = run.stdout
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    // Lone surrogates reach the process as U+FFFD (stdin is UTF-8); blank lines are skipped.
    // Echoed as the engine cleans it: trimmed, without invisible characters or lone surrogates.
    const expected = LINE_CASES.map((c) =>
      stripInvisible(Buffer.from(c.question).toString('utf8').trim()).trim(),
    ).filter((_, i) => Buffer.from(LINE_CASES[i]!.question).toString('utf8').trim() !== '');
    expect(out.map((o) => o.question)).toEqual(expected);
    for (const [i, o] of out.entries()) {
      expectContractAnswer(o);
      const c = LINE_CASES.filter((k) => Buffer.from(k.question).toString('utf8').trim() !== '')[i]!;
      if (c.expect === 'tooLong' && c.question.length > 1_000) expect(o.answered).toBe(false);
      if (c.expect === 'notFound') expect(o.answered, c.name).toBe(false);
    }
  });
});
