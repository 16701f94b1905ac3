import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { opt, startHarness, type Harness } from '../../tooling/harness/botHarness.ts';
import type { RecordedRequest } from '../../tooling/harness/fakeDiscord.ts';
import { SLOW_WAIT_MS, until } from '../support/wait.ts';

// Network faults, end to end: the real discord.js client against the fake Discord, which closes the
// gateway, stops acknowledging heartbeats, and answers REST calls with 429, 500 and 404. After each
// fault the bot answers the next question, and the fault is logged once at a level an operator can
// act on: info for gateway reconnects that discord.js handles by itself, warn for what Discord did to
// one reply (a 429, a 5xx, an interaction that expired), error when a reply failed after every retry.
// Each test reads only the log lines written since it began.

const INFO = 30;
const WARN = 40;
const ERROR = 50;

interface LogLine {
  level: number;
  msg: string;
  [key: string]: unknown;
}

let h: Harness;
/** Where this test's log lines start in h.logs. */
let mark = 0;

beforeAll(async () => {
  h = await startHarness({ env: { COOLDOWN_QUESTIONS: '1000' } });
});
afterAll(async () => {
  await h?.stop();
});
beforeEach(() => {
  h.fake.clear();
  mark = h.logs.length;
});

/** The log lines written since the test began (or since `from`). */
function logs(from = mark): LogLine[] {
  return h.logs.slice(from).map((line) => JSON.parse(line) as LogLine);
}

/** The one line with this message (failing when there are none or several), checked for its level. */
function loggedOnce(msg: string, level: number): LogLine {
  const lines = logs().filter((l) => l.msg === msg);
  expect(
    lines.map((l) => l.msg),
    `log lines "${msg}"`,
  ).toEqual([msg]);
  expect(lines[0]!.level).toBe(level);
  return lines[0]!;
}

function noErrorsLogged(): void {
  expect(logs().filter((l) => l.level >= ERROR)).toEqual([]);
}

function isCallback(id: string): (r: RecordedRequest) => boolean {
  return (r) => r.method === 'POST' && r.path.startsWith(`/interactions/${id}/`) && r.path.endsWith('/callback');
}

/** The callback POSTs the bot made for one interaction, once `count` have arrived. */
async function callbacks(id: string, count: number): Promise<RecordedRequest[]> {
  await until(() => h.fake.find(isCallback(id)).length >= count, `${count} callbacks on interaction ${id}`);
  return h.fake.find(isCallback(id));
}

/** Asks a question and expects a full answer (embeds, in the first response). */
async function expectAnswered(question = '贾扬清在哪里宣布离职的?'): Promise<void> {
  const { id } = h.fake.command('ask', [opt.string('question', question)]);
  const cb = await h.fake.callbackOf(id);
  expect(cb.type).toBe(4);
  expect((cb.data?.embeds as unknown[] | undefined)?.length ?? 0).toBeGreaterThan(0);
}

/** Reconnects (resuming), so the connection has the fake's current heartbeat interval; then starts the log afresh. */
async function freshConnection(): Promise<void> {
  const { resumes } = h.fake;
  h.fake.closeGateway(4000);
  await h.fake.waitFor('resumes', resumes + 1);
  await until(has('gateway resumed'), 'the resume to be logged');
  mark = h.logs.length;
}

const has = (msg: string) => () => h.logs.slice(mark).some((l) => l.includes(`"msg":"${msg}"`));

describe('gateway', () => {
  // @discordjs/ws maps 4009 to "resume" too (Discord then decides; this fake accepts the resume).
  it.each([
    [4000, 'unknown error'],
    [4009, 'session timed out'],
  ])('closed with %i (%s, resumable): the bot RESUMEs the same session and answers', async (code) => {
    const { identifies, resumes } = h.fake;
    h.fake.closeGateway(code);
    await h.fake.waitFor('resumes', resumes + 1);
    await until(has('gateway resumed'), 'the resume to be logged');
    expect(h.fake.identifies).toBe(identifies);
    await expectAnswered();
    loggedOnce('gateway reconnecting', INFO);
    loggedOnce('gateway resumed', INFO);
    noErrorsLogged();
  });

  it('heartbeats not acknowledged: the client calls the connection a zombie, reconnects and resumes', async () => {
    // A connection that beats every 150 ms (Discord's interval is ~41 s), so silence shows within a second.
    const interval = h.fake.heartbeatIntervalMs;
    h.fake.heartbeatIntervalMs = 150;
    try {
      await freshConnection();
      const { resumes, heartbeats } = h.fake;
      h.fake.ackHeartbeats = false;
      // The client gives up on the connection at its next beat after an unanswered one.
      await until(has('gateway reconnecting'), 'the zombie connection to be dropped');
      h.fake.ackHeartbeats = true;
      await h.fake.waitFor('resumes', resumes + 1);
      await until(has('gateway resumed'), 'the resume to be logged');
      expect(h.fake.heartbeats).toBeGreaterThan(heartbeats);
      await expectAnswered();
      loggedOnce('gateway reconnecting', INFO);
      loggedOnce('gateway resumed', INFO);
      noErrorsLogged();
    } finally {
      // Back to a slow beat, so a busy machine cannot make a later test's connection look like a zombie.
      h.fake.ackHeartbeats = true;
      h.fake.heartbeatIntervalMs = interval;
      await freshConnection();
    }
  });

  it('closed with 4007 (invalid seq, not resumable): the bot IDENTIFYs a new session, answers, and logs the new session once at info', async () => {
    // A new IDENTIFY within 5 s of the last waits for discord.js's identify throttle (up to 6.5 s).
    const { identifies, resumes } = h.fake;
    h.fake.closeGateway(4007);
    await h.fake.waitFor('identifies', identifies + 1, SLOW_WAIT_MS);
    expect(h.fake.resumes).toBe(resumes);
    await expectAnswered();
    await until(has('gateway session started'), 'the new session to be logged');
    loggedOnce('gateway reconnecting', INFO);
    // A resume is logged as "gateway resumed" instead.
    loggedOnce('gateway session started', INFO);
    noErrorsLogged();
  });
});

describe('REST faults on the reply', () => {
  const restWarnings = (): LogLine[] => logs().filter((l) => l.msg === 'Discord REST error answer');

  it('429 with Retry-After on the callback: discord.js waits it out, the answer arrives, and the 429 is logged once at warn by route (no token)', async () => {
    h.fake.inject({
      match: (r) => r.path.endsWith('/callback'),
      status: 429,
      body: { message: 'You are being rate limited.', retry_after: 0.3, global: false },
      headers: { 'retry-after': '0.3' },
    });
    const { id } = h.fake.command('ask', [opt.string('question', '商汤科技是谁创立的?')]);
    const [limited, retried] = await callbacks(id, 2);
    expect(retried!.at - limited!.at).toBeGreaterThanOrEqual(300);
    expect((retried!.body as { data: { embeds: unknown[] } }).data.embeds.length).toBeGreaterThan(0);
    noErrorsLogged();
    const [line, ...more] = restWarnings();
    expect(more).toEqual([]);
    expect(line).toMatchObject({ level: WARN, status: 429, route: '/interactions/:id/:token/callback' });
  });

  it('500 once on the callback: retried at once, the answer arrives with no error logged, and the 500 is logged once at warn', async () => {
    h.fake.inject({ match: (r) => r.path.endsWith('/callback'), status: 500 });
    const { id } = h.fake.command('ask', [opt.string('question', '商汤科技是谁创立的?')]);
    const [failed, retried] = await callbacks(id, 2);
    expect(retried!.body).toEqual(failed!.body);
    noErrorsLogged();
    const [line, ...more] = restWarnings();
    expect(more).toEqual([]);
    expect(line).toMatchObject({ level: WARN, status: 500 });
    await expectAnswered();
  });

  it('500 on every retry: each 500 is logged at warn, the failure once as an error, the user gets an apology, the bot keeps answering', async () => {
    // discord.js tries 4 times (retries: 3); the 5th call is the bot's apology, which gets through.
    h.fake.inject({ match: (r) => r.path.endsWith('/callback'), status: 500, times: 4 });
    const { id } = h.fake.command('ask', [opt.string('question', '商汤科技是谁创立的?')]);
    const posts = await callbacks(id, 5);
    expect((posts[4]!.body as { data: { content: string; flags: number } }).data).toMatchObject({
      content: expect.stringMatching(/Sorry, something went wrong/),
      flags: 64,
    });
    await until(has('interaction failed'), 'the failure to be logged');
    expect(loggedOnce('interaction failed', ERROR)).toMatchObject({
      where: '/ask',
      err: { type: 'HTTPError', status: 500 },
    });
    // The four warnings come before that error.
    const all = logs();
    const failedAt = all.findIndex((l) => l.msg === 'interaction failed');
    expect(
      all
        .slice(0, failedAt)
        .filter((l) => l.msg === 'Discord REST error answer')
        .map((l) => [l.level, l.status, l.attempt]),
    ).toEqual([1, 2, 3, 4].map((n) => [WARN, 500, n]));
    await expectAnswered();
  });

  it('404 Unknown interaction (10062) on the callback: logged once at warn, no second call on the dead interaction, and the next question is answered', async () => {
    // What Discord answers after its 3 s deadline — to every later call on that interaction, too.
    const { id } = h.fake.command('ask', [opt.string('question', '商汤科技是谁创立的?')]);
    // Injected before the bot can answer: the dispatch reaches it on a later turn of the event loop.
    h.fake.inject({
      match: isCallback(id),
      status: 404,
      body: { message: 'Unknown interaction', code: 10062 },
      times: 2,
    });
    await callbacks(id, 1);
    await until(
      () => logs().some((l) => l.level >= WARN && JSON.stringify(l).includes('10062')),
      'the 404 to be logged',
    );
    const lines = logs().filter((l) => l.level >= WARN);
    expect(lines.map((l) => [l.level, l.msg])).toEqual([[WARN, 'interaction expired before the reply']]);
    expect(lines[0]).toMatchObject({ where: '/ask', code: 10062 });
    // A second (pointless) attempt would come before the bot answers the next question.
    await expectAnswered();
    expect(h.fake.find(isCallback(id))).toHaveLength(1);
  });
});
