import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerQuestion } from '../../src/engine/answer.ts';
import { answerWithFaq, faqEntries, matchFaq } from '../../src/engine/faq.ts';
import { buildIndex, type SearchIndex } from '../../src/engine/searchIndex.ts';
import { loadCorpus } from '../../src/store/corpus.ts';
import { faqDocument, faqPath, splitList } from '../../src/store/faqFile.ts';

const SHIPPED_CORPUS = fileURLToPath(new URL('../../corpus', import.meta.url));
const QUESTION = '贾扬清在哪里宣布离职?';

let dir: string;
let index: SearchIndex;
let citedId: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'faq-'));
  await cp(SHIPPED_CORPUS, dir, { recursive: true });
  const plain = buildIndex((await loadCorpus(dir)).documents);
  citedId = answerQuestion(plain, QUESTION).passages[0]!.id;
  await mkdir(path.join(dir, 'faq'));
  await writeFile(
    path.join(dir, faqPath(QUESTION)),
    faqDocument({
      question: QUESTION,
      answer: '他在**朋友圈**宣布离职。',
      phrasings: ['贾扬清是在什么地方宣布离开阿里的'],
      cites: [citedId, 'no-such.md#p1'],
    }),
  );
  index = buildIndex((await loadCorpus(dir)).documents);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('FAQ entries', () => {
  it('are read from faq/ documents with their phrasings and citations', () => {
    const [entry] = faqEntries(index);
    expect(entry?.id).toBe(faqPath(QUESTION));
    expect(entry?.phrasings).toEqual([QUESTION, '贾扬清是在什么地方宣布离开阿里的']);
    expect(entry?.text).toContain('朋友圈');
    expect(entry?.cites).toContain(citedId);
  });

  it('answer a closely matching question first, with the passages they cite, then the best passages', () => {
    const answer = answerWithFaq(index, '贾扬清是在哪里宣布离职的', { top: 3 });
    expect(answer.faq?.id).toBe(faqPath(QUESTION));
    expect(answer.faq?.closeness).toBeGreaterThanOrEqual(0.85);
    // The unknown id is dropped; the known one is cited with its document.
    expect(answer.faq?.citations.map((c) => c.id)).toEqual([citedId]);
    expect(answer.passages.length).toBeGreaterThan(0);
    expect(answer.passages.every((p) => !p.citation.docId.startsWith('faq/'))).toBe(true);
    expect(answer.passages[0]?.rank).toBe(1);
  });

  it('never override retrieval on a weak match: the answer is exactly answerQuestion’s', () => {
    for (const question of ['贾扬清', '贾扬清是谁?', '贾扬清在哪里工作?', '贾扬清离职后创办了什么公司?']) {
      expect(matchFaq(index, question)).toBeNull();
      const withFaq = answerWithFaq(index, question);
      const plain = answerQuestion(index, question);
      expect(withFaq.faq).toBeUndefined();
      expect(withFaq.passages.map((p) => p.id)).toEqual(plain.passages.map((p) => p.id));
    }
  });

  it('are not repeated on the pages after the first ("More")', () => {
    expect(answerWithFaq(index, QUESTION, { offset: 3 }).faq).toBeUndefined();
  });
});

describe('FAQ files', () => {
  it('give the same path to the same question, in latin words and a hash', () => {
    expect(faqPath('How do I reset my password?')).toMatch(/^faq\/how-do-i-reset-my-password-[0-9a-f]{8}\.md$/);
    expect(faqPath(' How do I reset my password? ')).toBe(faqPath('How do I reset my password?'));
    expect(faqPath('贾扬清在哪里?')).toMatch(/^faq\/[0-9a-f]{8}\.md$/);
  });

  it('split typed lists', () => {
    expect(splitList('a.md#p1, b.md#p2  c.md#p3', 'ids')).toEqual(['a.md#p1', 'b.md#p2', 'c.md#p3']);
    expect(splitList('how so? | why, then', 'phrases')).toEqual(['how so?', 'why, then']);
    expect(splitList(null, 'ids')).toEqual([]);
  });
});
