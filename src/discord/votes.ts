import { VoteBook } from '../observe/voteBook.ts';
import type { BotContext } from './context.ts';

const books = new WeakMap<object, VoteBook>();

/** The bot's vote book (one per context, made on first use). */
export function voteBookOf(ctx: Pick<BotContext, 'config'>): VoteBook {
  let book = books.get(ctx);
  if (!book) books.set(ctx, (book = new VoteBook()));
  return book;
}
