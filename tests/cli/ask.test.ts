import { cp, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { askAll, type Run } from '../support/cli.ts';
import { TEST_TIMEOUT_MS } from '../support/wait.ts';

const FIXTURE = fileURLToPath(new URL('../fixtures/library-corpus', import.meta.url));
// Answered with three passages, the first of them p3 (the announcement).
const QUESTION = '贾扬清宣布离职的消息';

/** Asserts the exact JSON contract of DESIGN.md: these keys, these types, nothing more. */
function expectContract(value: unknown): void {
  const answer = value as Record<string, unknown>;
  expect(Object.keys(answer).sort()).toEqual(['answered', 'passages', 'question', 'tookMs']);
  expect(typeof answer.question).toBe('string');
  expect(typeof answer.answered).toBe('boolean');
  expect(typeof answer.tookMs).toBe('number');
  expect(Array.isArray(answer.passages)).toBe(true);
  const passages = answer.passages as Array<Record<string, unknown>>;
  expect(answer.answered).toBe(passages.length > 0);
  passages.forEach((p, i) => {
    expect(Object.keys(p).sort()).toEqual(['citation', 'id', 'rank', 'score', 'text']);
    expect(p.rank).toBe(i + 1);
    expect(typeof p.score).toBe('number');
    expect(typeof p.id).toBe('string');
    expect(typeof p.text).toBe('string');
    const c = p.citation as Record<string, unknown>;
    expect(Object.keys(c).sort()).toEqual(['author', 'docId', 'paragraphs', 'section', 'title', 'url']);
    expect(typeof c.docId).toBe('string');
    expect((p.id as string).startsWith(`${c.docId as string}#p`)).toBe(true);
    expect(typeof c.title).toBe('string');
    for (const key of ['author', 'section', 'url'])
      expect(c[key] === null || typeof c[key] === 'string', key).toBe(true);
    const paragraphs = c.paragraphs as unknown[];
    expect(paragraphs).toHaveLength(2);
    expect(paragraphs.every((n) => Number.isInteger(n))).toBe(true);
    expect(paragraphs[0] as number).toBeLessThanOrEqual(paragraphs[1] as number);
  });
}

/** stdout of a --json run: exactly one line, and that line is JSON. */
function onlyJson(run: Run): Record<string, unknown> {
  const lines = run.stdout.split('\n').filter((l) => l !== '');
  expect(lines, run.stdout).toHaveLength(1);
  return JSON.parse(lines[0]!) as Record<string, unknown>;
}

/**
 * A failure: the exit code, nothing on stdout, no stack trace, the reason on stderr. Besides the reason
 * line, stderr may only carry the usage line or structured (JSON) log lines.
 */
function expectFailure(run: Run, code: number, reason: RegExp): void {
  expect(run.code, run.stderr).toBe(code);
  expect(run.stdout).toBe('');
  expect(run.stderr).not.toContain('    at ');
  const lines = run.stderr.trim().split('\n');
  const reasons = lines.filter((l) => !l.startsWith('usage:') && !l.startsWith('{'));
  expect(reasons, run.stderr).toHaveLength(1);
  expect(reasons[0]).toMatch(reason);
  for (const l of lines.filter((line) => line.startsWith('{'))) expect(() => JSON.parse(l) as unknown).not.toThrow();
}

let tmp: string;
let fixtureCopy: string;
let runs: Record<string, Run> = {};

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'wenda-cli-'));
  fixtureCopy = path.join(tmp, 'fixture');
  await cp(FIXTURE, fixtureCopy, { recursive: true });
  const emptyDir = path.join(tmp, 'empty');
  await mkdir(emptyDir);
  const gbkDir = path.join(tmp, 'gbk');
  await mkdir(gbkDir);
  await writeFile(path.join(gbkDir, 'notes.txt'), Buffer.from([0xc4, 0xe3, 0xba, 0xc3]));

  const cases: Record<string, [string[], string?]> = {
    json: [['--json', QUESTION]],
    top1: [['--json', '--top', '1', QUESTION]],
    readable: [[QUESTION]],
    readableUnanswered: [['上海明天会下雨吗?']],
    unanswered: [['--json', '上海明天会下雨吗?']],
    tempCorpus: [['--json', '--corpus', fixtureCopy, '大熊猫每天吃多少竹子?']],
    jsonLines: [['--json'], `${QUESTION}\n\n上海明天会下雨吗?\n   \nH100\n`],
    jsonLinesNoFlag: [[], '英伟达H100多少钱?\n龙井茶\n'],
    jsonLinesTooLong: [['--json'], `H100\n${'长'.repeat(10_000)}\nGPT-4\n`],
    empty: [['--json', '']],
    whitespace: [['--json', '   ']],
    tooLong: [['--json', 'a'.repeat(10_000)]],
    top0: [['--json', '--top', '0', QUESTION]],
    topAbc: [['--json', '--top', 'abc', QUESTION]],
    unknownFlag: [['--json', '--bogus', QUESTION]],
    missingCorpus: [['--json', '--corpus', path.join(tmp, 'no-such-dir'), QUESTION]],
    emptyCorpus: [['--json', '--corpus', emptyDir, QUESTION]],
    gbkCorpus: [['--json', '--corpus', gbkDir, QUESTION]],
    emoji: [['--json', '😀😀🎉']],
    control: [['--json', '\u0001\u0002\u0007\u001b[31m']],
  };
  // Every run is independent, so they run concurrently.
  runs = await askAll(cases);
}, 2 * TEST_TIMEOUT_MS);

afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('ask --json: the contract', () => {
  it('prints exactly one JSON object of the contract shape on stdout and exits 0', () => {
    const run = runs.json!;
    expect(run.code, run.stderr).toBe(0);
    const answer = onlyJson(run);
    expectContract(answer);
    expect(answer).toMatchObject({ question: QUESTION, answered: true });
    const passages = answer.passages as Array<{
      id: string;
      text: string;
      citation: { author: string; docId: string };
    }>;
    expect(passages).toHaveLength(3); // --top defaults to 3
    expect(passages[0]!.text).toContain('在其朋友圈官宣离职');
    expect(passages[0]!.citation).toMatchObject({
      docId: 'ai-2-0-founders.md',
      author: '郝鑫',
      section: null,
      url: null,
    });
    // The passage that answers holds the paragraph with 官宣离职 (short paragraphs before it may be joined to it).
    expect(passages[0]!.text).toContain('在其朋友圈官宣离职');
  });

  it('--top 1 returns one passage', () => {
    const answer = onlyJson(runs.top1!);
    expectContract(answer);
    expect(answer.passages).toHaveLength(1);
  });

  it('an unanswered question is answered: false with passages [] and exit 0', () => {
    const run = runs.unanswered!;
    expect(run.code).toBe(0);
    const answer = onlyJson(run);
    expectContract(answer);
    expect(answer).toMatchObject({ answered: false, passages: [] });
  });

  it('--corpus reads another directory, and a one-shot ask writes no snapshot into it', async () => {
    const run = runs.tempCorpus!;
    expect(run.code, run.stderr).toBe(0);
    const answer = onlyJson(run);
    expectContract(answer);
    const [first] = answer.passages as Array<{ id: string; citation: { title: string; author: string } }>;
    expect(first).toMatchObject({ id: 'panda.md#p1', citation: { title: '大熊猫的一天', author: '林小雨' } });
    expect((await readdir(fixtureCopy)).filter((f) => f.startsWith('.'))).toEqual([]);
  });

  it('emoji-only and control-character questions exit 0 with answered: false', () => {
    for (const name of ['emoji', 'control']) {
      const run = runs[name]!;
      expect(run.code, run.stderr).toBe(0);
      const answer = onlyJson(run);
      expectContract(answer);
      expect(answer).toMatchObject({ answered: false, passages: [] });
    }
  });
});

describe('ask: JSON Lines on stdin', () => {
  const objects = (run: Run): Array<Record<string, unknown>> =>
    run.stdout
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as Record<string, unknown>);

  it('answers one question per line, one object per line, in order, skipping blank lines', () => {
    const run = runs.jsonLines!;
    expect(run.code, run.stderr).toBe(0);
    const out = objects(run);
    expect(out.map((o) => o.question)).toEqual([QUESTION, '上海明天会下雨吗?', 'H100']);
    expect(out.map((o) => o.answered)).toEqual([true, false, true]);
    for (const o of out) expectContract(o);
  });

  it('writes JSON Lines without --json too when stdout is not a terminal', () => {
    const run = runs.jsonLinesNoFlag!;
    expect(run.code, run.stderr).toBe(0);
    const out = objects(run);
    expect(out.map((o) => o.question)).toEqual(['英伟达H100多少钱?', '龙井茶']);
    for (const o of out) expectContract(o);
  });

  it('a line that is too long still gets its own object, in order, and the others are answered', () => {
    const run = runs.jsonLinesTooLong!;
    expect(run.code, run.stderr).toBe(0);
    const out = objects(run);
    expect(out).toHaveLength(3);
    expect(out.map((o) => o.answered)).toEqual([true, false, true]);
    expect(out[1]!.passages).toEqual([]);
    expect(out[2]!.question).toBe('GPT-4');
  });
});

describe('ask: readable output', () => {
  it('marks the best sentence with »…« when stdout is not a terminal, and cites with ¶', () => {
    const run = runs.readable!;
    expect(run.code, run.stderr).toBe(0);
    expect(() => JSON.parse(run.stdout) as unknown).toThrow();
    expect(run.stdout).toMatch(/^\[1\] /);
    expect(run.stdout).toContain(
      '»3月21日,被誉为“AI框架领域第一华人”的阿里技术副总裁贾扬清在其朋友圈官宣离职,该消息犹如一颗重磅炸弹投向了科技圈。«',
    );
    expect(run.stdout).toMatch(
      /— AI 2\.0诸神之战:贾扬清、王慧文、李开复等大佬下场大模型创业 · ¶\d+(–\d+)? {2}\(ai-2-0-founders\.md#p\d+(-\d+)?\)/,
    );
    expect(run.stdout).toContain('[3] ');
    expect(run.stdout).not.toContain('\x1b[');
  });

  it('says plainly when the corpus has no answer', () => {
    const run = runs.readableUnanswered!;
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Not in the corpus/);
  });
});

describe('ask: exit codes and one-line reasons', () => {
  it('an empty or white-space question is bad usage: exit 2', () => {
    expectFailure(runs.empty!, 2, /question is empty/);
    expectFailure(runs.whitespace!, 2, /question is empty/);
  });

  it('a 10,000-character question is bad usage: exit 2, saying the limit', () => {
    expectFailure(runs.tooLong!, 2, /too long \(10000 characters; the limit is 1000\)/);
  });

  it('--top 0 and --top abc are bad usage: exit 2, naming --top', () => {
    expectFailure(runs.top0!, 2, /--top must be a whole number from 1 to 10 \(got "0"\)/);
    expectFailure(runs.topAbc!, 2, /--top must be a whole number from 1 to 10 \(got "abc"\)/);
  });

  it('an unknown flag is bad usage: exit 2, naming the flag', () => {
    expectFailure(runs.unknownFlag!, 2, /--bogus/);
  });

  it('a missing corpus directory is a runtime failure: exit 1, naming the directory', () => {
    expectFailure(runs.missingCorpus!, 1, /no-such-dir does not exist/);
  });

  it('an empty corpus directory is a runtime failure: exit 1', () => {
    expectFailure(runs.emptyCorpus!, 1, /no usable \.txt, \.md, \.markdown, \.html or \.htm documents/);
  });

  it('a corpus with only a non-UTF-8 file is a runtime failure: exit 1, the file named in a log line on stderr', () => {
    const run = runs.gbkCorpus!;
    expectFailure(run, 1, /no usable|UTF-8/);
    expect(run.stderr).toMatch(/notes\.txt.*UTF-8/);
  });
});
