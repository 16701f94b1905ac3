import { describe, expect, it } from 'vitest';
import type { FeedbackEvent } from '../../src/events.ts';
import { QueryLog } from '../../src/observe/queryLog.ts';
import { VoteBook } from '../../src/observe/voteBook.ts';
import { voteBookOf } from '../../src/discord/votes.ts';
import { capturedLogger, questionEvent, tempDataDir } from './helpers.ts';

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

describe('VoteBook bounds', () => {
  const q = (n: number): string => `光年之外第${n}轮融资是多少`;
  const downs = (book: VoteBook, guildId: string, question: string): number =>
    book.votesFor(guildId, question).get('a.md#p1')?.down ?? 0;

  it('keeps at most so many questions per server, forgetting the least recently voted, and leaves other servers alone', () => {
    const book = new VoteBook({ maxQuestionsPerGuild: 3 });
    book.record(vote({ guildId: 'g2', question: q(0) }));
    for (const n of [1, 2, 3]) book.record(vote({ question: q(n) }));
    book.record(vote({ userId: 'u2', question: q(1) })); // q(1) is now the most recent
    book.record(vote({ question: q(4) }));
    expect(book.questionsIn('g1')).toBe(3);
    expect(downs(book, 'g1', q(2))).toBe(0);
    expect([q(1), q(3), q(4)].map((question) => downs(book, 'g1', question))).toEqual([2, 1, 1]);
    expect(downs(book, 'g2', q(0))).toBe(1);
  });

  it('keeps at most so many questions in all', () => {
    const book = new VoteBook({ maxQuestionsPerGuild: 10, maxQuestions: 2 });
    book.record(vote({ guildId: 'g1', question: q(1) }));
    book.record(vote({ guildId: 'g2', question: q(2) }));
    book.record(vote({ guildId: 'g3', question: q(3) }));
    expect([book.questionsIn('g1'), book.questionsIn('g2'), book.questionsIn('g3')]).toEqual([0, 1, 1]);
  });
});

describe('votes across a restart', () => {
  it('a vote book on the same query log counts the stored votes again, a member who voted again once', () => {
    const data = tempDataDir();
    try {
      const open = (): QueryLog =>
        QueryLog.open({ dataDir: data.dir, retentionDays: 90, logger: capturedLogger().logger, flushEveryMs: 0 });
      const before = open();
      const book = voteBookOf({ queryLog: before });
      // The first answer's question row is in the log too (its grouping key is then read, not computed).
      before.recordQuestion(questionEvent({ guildId: 'g1', question: '光年之外的估值是多少?', replyMessageId: 'm1' }));
      for (const e of [
        vote({ userId: 'u1', messageId: 'm1' }),
        vote({ userId: 'u2', messageId: 'm1' }),
        vote({ userId: 'u3', messageId: 'm2', vote: 'up', passageIds: ['a.md#p2'] }),
        vote({ userId: 'u4', messageId: 'm3', guildId: null }),
      ]) {
        before.recordFeedback(e); // what the observer does with a vote
        book.record(e);
      }
      const counted = book.votesFor('g1', '光年之外的估值是多少');
      before.close();

      const after = open();
      try {
        const again = voteBookOf({ queryLog: after });
        expect(again).not.toBe(book);
        expect(again.votesFor('g1', '光年之外的估值是多少')).toEqual(counted);
        expect(counted.get('a.md#p1')).toEqual({ up: 0, down: 2 });
        // u1 changes their mind after the restart: still one member, now 👍.
        again.record(vote({ userId: 'u1', messageId: 'm4', vote: 'up' }));
        expect(again.votesFor('g1', '光年之外的估值是多少').get('a.md#p1')).toEqual({ up: 1, down: 1 });
      } finally {
        after.close();
      }
    } finally {
      data.cleanup();
    }
  });
});
