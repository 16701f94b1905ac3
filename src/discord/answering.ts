import { validateQuestion } from '../engine/answer.ts';
import { answerWithFaq, type AnswerWithFaq } from '../engine/faq.ts';
import { applyVotes } from '../engine/votes.ts';
import { corpusTopics } from '../engine/suggest.ts';
import type { Answer } from '../engine/types.ts';
import type { ChatInputCommandInteraction, ButtonInteraction, MessageContextMenuCommandInteraction } from 'discord.js';
import type { QuestionPath } from '../events.ts';
import type { BotContext } from './context.ts';
import { t, type Lang } from './i18n.ts';
import { MAX_QUESTION_LENGTH } from './limits.ts';
import type { ReplyPayload } from './payload.ts';
import { notice, renderAnswer, type AnswerView } from './render.ts';
import { modLogOf } from './modLog.ts';
import { voteBookOf } from './votes.ts';
import { interactionReply, postAnswerReply } from './reply.ts';

export interface AskOptions {
  lang: Lang;
  ephemeral: boolean;
  top?: number;
  offset?: number;
  addressee?: string | null;
  header?: string | null;
  /** Shown only to the asker, and addressed to nobody, when nothing answers (the "ask about this message" menu). */
  privateWhenUnanswered?: boolean;
  /** The server asked in: its members' votes on this question move passages (null or absent: none). */
  guildId?: string | null;
}

/** Passages ranked beyond the page when votes apply, so that a passage voted up can rise into it. */
export const VOTE_LOOKAHEAD = 3;

/**
 * The answer with this server's votes applied (engine/votes.ts): when members voted on this question, a
 * wider ranking is reordered within the engine's coverage bounds and the page is cut from it. Without
 * votes this is answerWithFaq's answer as it is.
 */
function answerWithVotes(ctx: BotContext, question: string, options: AskOptions): AnswerWithFaq {
  const index = ctx.library.index;
  const top = options.top ?? 3;
  const offset = options.offset ?? 0;
  const guildId = options.guildId ?? null;
  const book = voteBookOf(ctx);
  const votes = book.votesFor(guildId, question);
  if (votes.size === 0) return answerWithFaq(index, question, { top, offset, maxQuestionChars: MAX_QUESTION_LENGTH });
  const wide = answerWithFaq(index, question, {
    top: offset + top + VOTE_LOOKAHEAD,
    offset: 0,
    maxQuestionChars: MAX_QUESTION_LENGTH,
  });
  const { passages, moves } = applyVotes(wide.passages, votes);
  if (guildId !== null) book.noteMoves(guildId, wide.question, moves);
  const page = passages.slice(offset, offset + top).map((p, i) => ({ ...p, rank: offset + i + 1 }));
  const { faq, ...rest } = wide;
  const answer: AnswerWithFaq = { ...rest, passages: page, answered: page.length > 0 };
  if (faq && offset === 0) {
    answer.faq = faq;
    answer.answered = true;
  }
  return answer;
}

/** Checks a question from Discord (the engine's `question.*` error, worded in the member's language by the one catch). */
export function checkQuestion(question: string): string {
  return validateQuestion(question, MAX_QUESTION_LENGTH);
}

/** Answers a question from the live index and renders the reply: the path every question takes. */
export function answerAndRender(
  ctx: BotContext,
  question: string,
  options: AskOptions,
): { answer: AnswerWithFaq; payload: ReplyPayload } {
  checkQuestion(question);
  const index = ctx.library.index;
  const answer = answerWithVotes(ctx, question, options);
  const hide = options.privateWhenUnanswered === true && !answer.answered;
  const view: AnswerView = {
    lang: options.lang,
    ephemeral: options.ephemeral || hide,
    addressee: hide ? null : (options.addressee ?? null),
    header: options.header ?? null,
  };
  if (!answer.answered) view.suggestions = corpusTopics(index, 3);
  return { answer, payload: renderAnswer(answer, view) };
}

/** "in 12 seconds", rendered by Discord in the reader's own language and time. */
export function relativeTime(ms: number): string {
  return `<t:${Math.ceil(ms / 1000)}:R>`;
}

type AskingInteraction = ChatInputCommandInteraction | ButtonInteraction | MessageContextMenuCommandInteraction;

/**
 * Counts a question against the user's cooldown; over the limit, tells them (ephemerally) when to try
 * again and returns false.
 */
export async function takeTurn(
  interaction: AskingInteraction,
  ctx: BotContext,
  lang: Lang,
  path: QuestionPath,
): Promise<boolean> {
  const turn = ctx.cooldown.take(interaction.user.id);
  if (turn.ok) return true;
  ctx.observer.refused?.('cooldown', path);
  await interaction.reply(interactionReply(notice(t(lang, 'cooldown', { when: relativeTime(turn.retryAt) }))));
  return false;
}

/** Sends an answer as the interaction's one response and reports the question to the observer. */
export async function replyWithAnswer(
  interaction: AskingInteraction,
  ctx: BotContext,
  path: QuestionPath,
  question: string,
  answer: Answer,
  payload: ReplyPayload,
): Promise<void> {
  const replyMessageId = await postAnswerReply(interaction, payload);
  ctx.observer.question?.({
    replyMessageId,
    path,
    guildId: interaction.guildId,
    userId: interaction.user.id,
    locale: interaction.locale,
    question,
    answer,
    latencyMs: Date.now() - interaction.createdTimestamp,
  });
  if (!answer.answered && path !== 'more')
    await modLogOf(ctx)?.noteUnanswered(interaction.client, question, interaction.guildId, ctx);
}
