import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runChat } from '../../src/cli/chat.ts';
import { answerQuestion } from '../../src/engine/answer.ts';
import { Library } from '../../src/store/library.ts';
import { faqDocument, faqPath } from '../../src/store/faqFile.ts';
import { SHIPPED_CORPUS } from '../../tooling/harness/botHarness.ts';
import { askAll, type Run } from '../support/cli.ts';
import { TEST_TIMEOUT_MS } from '../support/wait.ts';

// The command line answers from FAQ entries as Discord does (engine/faq.ts answerWithFaq): a question that
// matches an entry closely gets the entry first, in `ask --json` as the first passage of the unchanged
// contract; a weak match leaves retrieval's answer as it was.

const ASKED = '贾扬清在哪里宣布离职?';
const CLOSE = '贾扬清是在哪里宣布离职的';
const WEAK = '贾扬清离职后创办了什么公司?';
const ANSWER = '他在朋友圈宣布离职(版主整理)。';
const ENTRY = faqPath(ASKED);

interface Contract {
  answered: boolean;
  passages: Array<{ rank: number; score: number; id: string; text: string; citation: Record<string, unknown> }>;
}

let tmp: string;
let corpus: string;
let library: Library;
let cited: string;
let runs: Record<string, Run> = {};
const json = (name: string): Contract => JSON.parse(runs[name]!.stdout) as Contract;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'wenda-cli-faq-'));
  corpus = path.join(tmp, 'corpus');
  await cp(SHIPPED_CORPUS, corpus, { recursive: true, filter: (src) => !path.basename(src).startsWith('.') });
  const plain = new Library({ corpusDir: corpus, snapshot: false });
  await plain.open();
  cited = answerQuestion(plain.index, ASKED).passages[0]!.id;
  await mkdir(path.join(corpus, 'faq'));
  await writeFile(
    path.join(corpus, ENTRY),
    faqDocument({ question: ASKED, answer: ANSWER, phrasings: [], cites: [cited] }),
  );
  library = new Library({ corpusDir: corpus, snapshot: false });
  await library.open();
  const cases: Record<string, [string[], string?]> = {
    close: [['--json', '--corpus', corpus, CLOSE]],
    closeTop1: [['--json', '--top', '1', '--corpus', corpus, CLOSE]],
    weak: [['--json', '--corpus', corpus, WEAK]],
    readable: [['--corpus', corpus, CLOSE]],
    lines: [['--json', '--corpus', corpus], `${CLOSE}\n${WEAK}\n`],
  };
  runs = await askAll(cases);
}, 2 * TEST_TIMEOUT_MS);

afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('ask: FAQ entries', () => {
  it('a close question gets the entry first, in the contract’s shape, then the best passages within --top', () => {
    expect(runs.close!.code, runs.close!.stderr).toBe(0);
    const answer = json('close');
    expect(answer.answered).toBe(true);
    expect(answer.passages).toHaveLength(3);
    const [entry, ...rest] = answer.passages;
    expect(entry).toMatchObject({ rank: 1, text: ANSWER, id: `${ENTRY}#p1` });
    expect(entry!.citation).toEqual({
      docId: ENTRY,
      title: ASKED,
      author: null,
      section: null,
      paragraphs: [1, 1],
      url: null,
    });
    expect(entry!.score).toBeGreaterThanOrEqual(0.85);
    expect(rest.map((p) => p.rank)).toEqual([2, 3]);
    expect(rest.every((p) => p.citation.docId !== ENTRY)).toBe(true);
    expect(json('closeTop1').passages.map((p) => p.id)).toEqual([`${ENTRY}#p1`]);
  });

  it('a weak match keeps retrieval’s answer exactly', () => {
    const answer = json('weak');
    const plain = answerQuestion(library.index, WEAK, { top: 3 });
    expect(answer.passages.map((p) => p.id)).toEqual(plain.passages.map((p) => p.id));
  });

  it('readable output marks the moderator’s answer and what it cites; JSON Lines apply entries too', () => {
    const text = runs.readable!.stdout;
    expect(text).toMatch(/^\[FAQ\] A moderator's answer: »贾扬清在哪里宣布离职\?«\n {4}他在朋友圈宣布离职/);
    expect(text).toContain(`cites ${cited}`);
    expect(text).toContain(`— ${ENTRY}`);
    expect(text).toMatch(/\n\[1\] /);
    const lines = runs
      .lines!.stdout.trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Contract);
    expect(lines.map((l) => l.passages[0]!.id.startsWith('faq/'))).toEqual([true, false]);
  });
});

describe('chat: FAQ entries', () => {
  it('answers a close question with the entry first', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let out = '';
    output.setEncoding('utf8').on('data', (s: string) => (out += s));
    const done = runChat(library, input, output);
    input.end(`${CLOSE}\n`);
    await done;
    expect(out).toContain(`[FAQ] A moderator's answer: »${ASKED}«`);
    expect(out).toContain(ANSWER);
  });
});
