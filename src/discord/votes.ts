import { VoteBook } from '../observe/voteBook.ts';
import type { BotContext } from './context.ts';

/**
 * Votes counted again at start from the query log: the latest this many, more than MAX_QUESTIONS_PER_GUILD
 * questions' worth for a busy server. Replaying that many takes ~30 ms (`tooling/measureVoteReplay.ts`):
 * the grouping keys come stored with the questions.
 */
export const MAX_REPLAYED_VOTES = 20_000;

const books = new WeakMap<object, VoteBook>();

/**
 * The bot's vote book, made on first use: one per query log, filled from the votes the log stored (so a
 * restart keeps them), voters counted by the log's keyed hash; without a query log (QUERY_LOG=off) one per
 * context, in memory only.
 */
export function voteBookOf(ctx: Pick<BotContext, 'queryLog'>): VoteBook {
  const log = ctx.queryLog ?? null;
  const owner: object = log ?? ctx;
  let book = books.get(owner);
  if (book) return book;
  if (log === null) book = new VoteBook();
  else {
    book = new VoteBook({ voterOf: (id) => log.hashUser(id) ?? id });
    book.replay(log.storedVotes(MAX_REPLAYED_VOTES));
  }
  books.set(owner, book);
  return book;
}
