import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectAnswerOfIndex } from '../support/answerShape.ts';
import { hasLoneSurrogate, isHigh, isLow } from '../support/unicode.ts';
import { stripInvisible } from '../../src/engine/normalize.ts';
import { answerQuestion, type AnswerOptions } from '../../src/engine/answer.ts';
import { loadCorpus } from '../../src/store/corpus.ts';
import { splitParagraph, splitPassages } from '../../src/engine/passages.ts';
import { buildIndex, type SearchIndex } from '../../src/engine/searchIndex.ts';
import type { Answer } from '../../src/engine/types.ts';
import { documentOf } from '../support/documents.ts';
import { UserFacingError } from '../../src/errors.ts';

// Property tests that tests/engine/answer.test.ts, tokenize.test.ts and passages.test.ts leave out:
// questions of any text up to the 1,000-character limit (not only short ones), with any `top`,
// `offset` and thresholds (so that the answering path runs for almost every question), on more than
// one corpus; and the splitter on arbitrary text rather than well-formed generated documents.

const fixture = (name: string): string => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));

let shipped: SearchIndex;
let mixed: SearchIndex;
beforeAll(async () => {
  shipped = buildIndex((await loadCorpus(fileURLToPath(new URL('../../corpus', import.meta.url)))).documents);
  // Several documents, .md and .txt, a sub-folder, and text that tries to ping and to format.
  const library = await loadCorpus(fixture('library-corpus'));
  const hostile = await loadCorpus(fixture('hostile-corpus'));
  mixed = buildIndex([...library.documents, ...hostile.documents]);
});

/** Whether offset i of s falls between the two halves of a surrogate pair. */
const insidePair = (s: string, i: number): boolean =>
  i > 0 && i < s.length && isHigh(s.charCodeAt(i - 1)) && isLow(s.charCodeAt(i));

const utf16Unit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));
const cjkHeavyUnit = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 0x4e00, max: 0x9fff }).map((c) => String.fromCodePoint(c)) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      ' ',
      '。',
      ',',
      '?',
      '\n',
      'a',
      'GPT-4',
      'H100',
      '2亿',
      '😀',
      '👩‍💻',
      '\u200b',
      '\u202e',
      '\u0000',
      '賈',
      'ー',
      'カ',
      '한',
    ),
  },
);

/** Any question up to the 1,000-character limit: any code point, any UTF-16 unit (lone surrogates), CJK-heavy. */
function questionArb(index: () => SearchIndex): fc.Arbitrary<string> {
  // Pieces of the corpus itself, with noise between them: so that many questions are answered.
  const fromCorpus = fc
    .array(
      fc.oneof(
        fc.tuple(fc.nat(), fc.nat(), fc.integer({ min: 1, max: 40 })).map(([p, at, len]) => {
          const passages = index().passages;
          const text = passages[p % passages.length]!.text;
          const start = at % text.length;
          return text.slice(start, start + len);
        }),
        fc.string({ unit: 'binary', maxLength: 8 }),
      ),
      { maxLength: 30 },
    )
    .map((parts) => parts.join(''));
  return fc
    .oneof(
      fc.string({ unit: 'binary', maxLength: 1_000, size: 'large' }),
      fc.string({ unit: utf16Unit, maxLength: 1_000, size: 'large' }),
      fc.string({ unit: cjkHeavyUnit, maxLength: 400, size: 'large' }),
      { weight: 3, arbitrary: fromCorpus },
    )
    .filter((q) => Array.from(q).length <= 1_000);
}

const optionsArb: fc.Arbitrary<Partial<AnswerOptions>> = fc.record(
  {
    top: fc.integer({ min: 1, max: 10 }),
    offset: fc.integer({ min: 0, max: 12 }),
    minCoverage: fc.constantFrom(0, 0.4),
    minMatchedWeight: fc.constantFrom(0, 6.5),
    relativeCoverage: fc.constantFrom(0, 0.35),
  },
  { requiredKeys: [] },
);

/** Every invariant of an answer to any question, checked against the index it came from. */
function checkAnswer(index: SearchIndex, question: string, options: Partial<AnswerOptions>, answer: Answer): void {
  const top = options.top ?? 3;
  const offset = options.offset ?? 0;
  // The question is echoed trimmed and cleaned of invisible characters and lone surrogates.
  expect(answer.question).toBe(stripInvisible(question.trim()).trim());
  expect(answer.passages.length).toBeLessThanOrEqual(top);
  for (const term of answer.terms) expect(term.length).toBeGreaterThan(0);
  for (const term of answer.matchedTerms) expect(answer.terms).toContain(term);
  expect(new Set(answer.passages.map((p) => p.id)).size).toBe(answer.passages.length);
  expectAnswerOfIndex(index, answer, offset, (p) => {
    // Nothing is cut inside a surrogate pair.
    for (const h of p.highlights) expect(insidePair(p.text, h.start) || insidePair(p.text, h.end)).toBe(false);
  });
}

describe('answerQuestion on any question up to 1,000 characters (property)', () => {
  for (const [name, index] of [
    ['the shipped corpus', () => shipped],
    ['a corpus of several documents, one of them hostile', () => mixed],
  ] as const) {
    it(`never throws (but for an empty question) and returns only verbatim passages of the index: ${name}`, () => {
      let answered = 0;
      fc.assert(
        fc.property(questionArb(index), optionsArb, (question, options) => {
          let answer: Answer;
          try {
            answer = answerQuestion(index(), question, options);
          } catch (err) {
            // Under the limit, the only refusal is an empty question (white space and nothing else).
            expect(err).toBeInstanceOf(UserFacingError);
            expect((err as UserFacingError).code).toBe('question.empty');
            expect(question.trim()).toBe('');
            return;
          }
          if (answer.answered) answered += 1;
          checkAnswer(index(), question, options, answer);
        }),
        { numRuns: 250 },
      );
      // The generators reach the answering path, not only the refusals (typically 30–80 of the 250 runs).
      expect(answered).toBeGreaterThan(10);
    });
  }

  it('the same question with the same options gives the same passages (deterministic)', () => {
    fc.assert(
      fc.property(
        questionArb(() => shipped),
        optionsArb,
        (question, options) => {
          if (question.trim() === '') return;
          const a = answerQuestion(shipped, question, options);
          const b = answerQuestion(shipped, question, options);
          expect(b.passages).toEqual(a.passages);
          expect(b.answered).toBe(a.answered);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('pages do not overlap: offset k returns what top k+n would have returned after the first k', () => {
    fc.assert(
      fc.property(
        questionArb(() => shipped),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 5 }),
        (question, first, next) => {
          if (question.trim() === '') return;
          const relaxed = { minCoverage: 0, minMatchedWeight: 0 };
          const all = answerQuestion(shipped, question, { ...relaxed, top: first + next }).passages.map((p) => p.id);
          const page = answerQuestion(shipped, question, { ...relaxed, top: next, offset: first }).passages.map(
            (p) => p.id,
          );
          expect(page).toEqual(all.slice(first));
        },
      ),
      { numRuns: 80 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// The splitter on arbitrary text

/** Arbitrary text shaped like a document: lines of anything, long runs without punctuation, blank lines. */
const bodyArb = fc
  .array(
    fc.oneof(
      fc.string({ unit: 'binary', maxLength: 200, size: 'medium' }),
      fc.string({ unit: utf16Unit, maxLength: 200, size: 'medium' }),
      fc.string({ unit: cjkHeavyUnit, maxLength: 300, size: 'medium' }),
      fc
        .tuple(fc.constantFrom('😀', '汉', 'word', '😀汉', 'a😀'), fc.integer({ min: 50, max: 400 }))
        .map(([s, n]) => s.repeat(n)),
      fc.constantFrom('', '', '# 标题', '一、开始', '图片来自网络', '   ', '\r'),
    ),
    { maxLength: 20 },
  )
  .map((lines) => lines.join('\n'));

describe('splitPassages on arbitrary text (property)', () => {
  it('keeps every passage non-empty and within maxChars, quotes the text verbatim, and never splits a surrogate pair', () => {
    fc.assert(
      fc.property(
        bodyArb,
        fc.constantFrom('gen/doc.md', 'gen/doc.txt'),
        fc.integer({ min: 2, max: 400 }),
        fc.integer({ min: 0, max: 60 }),
        (body, id, maxChars, minChars) => {
          const passages = splitPassages(documentOf(id, body), { maxChars, minChars });
          const lonesInBody = hasLoneSurrogate(body);
          expect(new Set(passages.map((p) => p.id)).size).toBe(passages.length);
          passages.forEach((p, i) => {
            expect(p.ordinal).toBe(i);
            expect(p.text.length).toBeGreaterThan(0);
            expect(p.text.length, p.id).toBeLessThanOrEqual(maxChars);
            // A passage is paragraphs of the body (or a piece of one), so each of its lines is in the body.
            for (const line of p.text.split('\n')) expect(body.includes(line)).toBe(true);
            if (!lonesInBody)
              expect(hasLoneSurrogate(p.text), JSON.stringify(p.text.slice(0, 4) + p.text.slice(-4))).toBe(false);
          });
        },
      ),
      { numRuns: 200 },
    );
  });

  it('splitParagraph on arbitrary text: pieces concatenate back, each non-empty and within maxChars', () => {
    fc.assert(
      fc.property(
        fc.oneof(bodyArb, fc.string({ unit: utf16Unit, maxLength: 2_000, size: 'large' })).filter((t) => t.length > 0),
        fc.integer({ min: 2, max: 300 }),
        (text, maxChars) => {
          const pieces = splitParagraph(text, maxChars);
          expect(pieces.join('')).toBe(text);
          for (const piece of pieces) {
            expect(piece.length).toBeGreaterThan(0);
            expect(piece.length).toBeLessThanOrEqual(maxChars);
          }
          // A cut falls between whole characters whenever the text has them.
          let at = 0;
          for (const piece of pieces.slice(0, -1)) {
            at += piece.length;
            expect(insidePair(text, at), `cut at ${at}`).toBe(false);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
