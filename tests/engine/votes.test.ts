import { describe, expect, it } from 'vitest';
import { applyVotes } from '../../src/engine/votes.ts';
import type { AnswerPassage } from '../../src/engine/types.ts';

function passage(id: string, score: number, coverage: number, rank: number): AnswerPassage {
  return {
    rank,
    score,
    coverage,
    id,
    text: id,
    bestSentence: { start: 0, end: id.length },
    highlights: [],
    citation: { docId: 'd.md', title: 'd', author: null, section: null, paragraphs: [1, 1], url: null },
  };
}

// Three near-equal passages, then one that covers the question much better than the rest would.
const a = passage('d.md#p1', 10, 0.8, 1);
const b = passage('d.md#p2', 9.5, 0.8, 2);
const c = passage('d.md#p3', 9, 0.6, 3);

describe('votes move passages, within bounds', () => {
  it('a passage several members voted 👎 sinks below its near-equal', () => {
    const { passages, moves } = applyVotes([a, b, c], new Map([[a.id, { up: 0, down: 2 }]]));
    expect(passages.map((p) => p.id)).toEqual([b.id, a.id, c.id]);
    expect(passages.map((p) => p.rank)).toEqual([1, 2, 3]);
    expect(moves).toContainEqual({ id: a.id, from: 1, to: 2, net: -2 });
  });

  it('one vote, or votes that cancel out, move nothing', () => {
    expect(applyVotes([a, b, c], new Map([[a.id, { up: 0, down: 1 }]])).moves).toEqual([]);
    expect(applyVotes([a, b, c], new Map([[a.id, { up: 3, down: 3 }]])).moves).toEqual([]);
  });

  it('a 👍 passage rises, but never past one that covers the question better', () => {
    const { passages } = applyVotes([a, b, c], new Map([[c.id, { up: 9, down: 0 }]]));
    // c's coverage (0.6) is below a's and b's (0.8): however many votes, it stays last.
    expect(passages.map((p) => p.id)).toEqual([a.id, b.id, c.id]);
    const rises = applyVotes([a, b, c], new Map([[b.id, { up: 2, down: 0 }]]));
    expect(rises.passages.map((p) => p.id)).toEqual([b.id, a.id, c.id]);
  });

  it('a 👎 passage never sinks below one that covers the question worse', () => {
    const { passages } = applyVotes([a, c], new Map([[a.id, { up: 0, down: 9 }]]));
    expect(passages.map((p) => p.id)).toEqual([a.id, c.id]);
  });
});
