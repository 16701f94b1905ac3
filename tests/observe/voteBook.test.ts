import { describe, expect, it } from 'vitest';
import type { FeedbackEvent } from '../../src/events.ts';
import { VoteBook } from '../../src/observe/voteBook.ts';

const vote = (over: Partial<FeedbackEvent>): FeedbackEvent => ({
  vote: 'down',
  userId: 'u1',
  guildId: 'g1',
  question: '光年之外的估值是多少?',
  passageIds: ['a.md#p1', 'a.md#p2'],
  messageId: 'm1',
  ...over,
});

describe('VoteBook', () => {
  it('counts distinct members per server and question, for the passage the answer led with', () => {
    const book = new VoteBook();
    book.record(vote({}));
    book.record(vote({})); // the same member again
    book.record(vote({ userId: 'u2', question: '光年之外估值?' })); // the same question, grouped
    expect(book.votesFor('g1', '光年之外的估值是多少')).toEqual(new Map([['a.md#p1', { up: 0, down: 2 }]]));
    expect(book.votesFor('g2', '光年之外的估值是多少').size).toBe(0);
    expect(book.votesFor(null, '光年之外的估值是多少').size).toBe(0);
  });

  it('a member who changes their mind counts once, the latest way', () => {
    const book = new VoteBook();
    book.record(vote({}));
    book.record(vote({ vote: 'up' }));
    expect(book.votesFor('g1', '光年之外的估值是多少').get('a.md#p1')).toEqual({ up: 1, down: 0 });
  });

  it('ignores votes from DMs and on messages without a question or passage', () => {
    const book = new VoteBook();
    book.record(vote({ guildId: null }));
    book.record(vote({ question: null }));
    book.record(vote({ passageIds: [] }));
    expect(book.votesFor('g1', '光年之外的估值是多少').size).toBe(0);
  });
});
