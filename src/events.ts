// What happens in the bot, as events: the adapters emit them, the observers (query log, metrics) listen.
// A neutral module, so that neither side imports the other.
import type { Answer } from './engine/types.ts';

/** How a question reached the bot: `message` is the "ask about this message" menu, `thread` a new thread auto-answered. */
export type QuestionPath = 'ask' | 'mention' | 'reply' | 'dm' | 'more' | 'message' | 'thread';

/** One answered (or unanswered) question, for the query log and the metrics. */
export interface QuestionEvent {
  path: QuestionPath;
  guildId: string | null;
  userId: string;
  locale: string | null;
  question: string;
  answer: Answer;
  /** From the interaction or message's creation to the reply being sent, ms. */
  latencyMs: number;
  /** The id of the reply message, so that 👍/👎 on it (FeedbackEvent.messageId) find this question. */
  replyMessageId?: string | null;
}

export interface FeedbackEvent {
  vote: 'up' | 'down';
  userId: string;
  guildId: string | null;
  question: string | null;
  passageIds: string[];
  /** The id of the answer message voted on. */
  messageId: string;
}

/** Listeners for what happens: the query log and metrics plug in here; the bot never waits for them. */
export interface BotObserver {
  question?(event: QuestionEvent): void;
  feedback?(event: FeedbackEvent): void;
  refused?(kind: 'cooldown' | 'permission', path: string): void;
  error?(kind: 'user' | 'bug', where: string): void;
  reindexed?(ms: number, ok: boolean): void;
}
