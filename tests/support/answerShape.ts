import { expect } from 'vitest';
import type { SearchIndex } from '../../src/engine/searchIndex.ts';
import type { Answer, AnswerPassage } from '../../src/engine/types.ts';

/**
 * The invariants every answer keeps, whatever the question: ranks count on from the offset, scores
 * never rise, coverage is a share, each passage is a passage of the index quoted verbatim and cited as
 * it, and the best sentence and highlights lie inside the text, in order and apart. Calls `more` for
 * each passage with its index entry, for the checks a test adds.
 */
export function expectAnswerOfIndex(
  index: SearchIndex,
  answer: Answer,
  offset = 0,
  more?: (p: AnswerPassage, passage: SearchIndex['passages'][number]) => void,
): void {
  expect(answer.answered).toBe(answer.passages.length > 0);
  expect(Number.isFinite(answer.tookMs) && answer.tookMs >= 0).toBe(true);
  let previousScore = Infinity;
  answer.passages.forEach((p, i) => {
    expect(p.rank).toBe(offset + i + 1);
    expect(p.score).toBeLessThanOrEqual(previousScore);
    previousScore = p.score;
    expect(p.coverage).toBeGreaterThanOrEqual(0);
    expect(p.coverage).toBeLessThanOrEqual(1);

    const ordinal = index.passageIndex.get(p.id);
    expect(ordinal, `${p.id} is a passage of the index`).toEqual(expect.any(Number));
    const passage = index.passages[ordinal!]!;
    expect(p.text).toBe(passage.text);
    expect(p.citation.docId).toBe(passage.docId);
    expect(p.citation.section).toBe(passage.section);
    expect(p.citation.paragraphs).toEqual(passage.paragraphs);

    const { start, end } = p.bestSentence;
    expect(0 <= start && start < end && end <= p.text.length, JSON.stringify(p.bestSentence)).toBe(true);
    let previousEnd = -1;
    for (const h of p.highlights) {
      expect(h.start).toBeGreaterThan(previousEnd);
      expect(h.start).toBeGreaterThanOrEqual(0);
      expect(h.end).toBeGreaterThan(h.start);
      expect(h.end).toBeLessThanOrEqual(p.text.length);
      previousEnd = h.end;
    }
    more?.(p, passage);
  });
}
