import { DiscordAPIError, type AnyThreadChannel } from 'discord.js';
import type { AnswerWithFaq } from '../engine/faq.ts';
import { answerAndRender } from './answering.ts';
import type { BotContext } from './context.ts';
import { langOf } from './i18n.ts';
import { questionOfMessage } from './commands/askAboutMessage.ts';
import { messageReply } from './reply.ts';

/**
 * A new thread is answered only when the best passage covers at least this share of its question (0–1),
 * or a FAQ entry matches it: a wrong answer in someone's help thread is worse than none.
 */
export const AUTO_ANSWER_MIN_COVERAGE = 0.8;

/** Threads remembered as handled (each is answered at most once); the oldest are forgotten past this. */
const REMEMBERED_THREADS = 10_000;

/** Discord's "cannot message this thread until after the post author has sent an initial message". */
const THREAD_NOT_READY = 40058;

/**
 * What a new thread asks, in the order tried: its title with its first message, the first message alone,
 * the title alone ("求助" over a real question must not sink it). Without the first message, the title.
 */
export function threadQuestions(title: string, body: string): string[] {
  const candidates = body.trim() ? [`${title} ${body}`, body, title] : [title];
  return [...new Set(candidates.map(questionOfMessage).filter(Boolean))];
}

/** Whether an answer is sure enough to post unasked in a thread. */
export function isConfident(answer: AnswerWithFaq): boolean {
  if (answer.faq) return true;
  return answer.answered && (answer.passages[0]?.coverage ?? 0) >= AUTO_ANSWER_MIN_COVERAGE;
}

/**
 * Threads created in the AUTO_ANSWER_CHANNEL_IDS channels (forum posts, or threads of text channels): the
 * title, and the first message when the Message Content intent is on, is asked as a question. A confident
 * answer is posted in the thread once; an unconfident one posts nothing. Threads opened by bots, and
 * askers over their cooldown, get nothing either.
 */
export function createThreadHandler(
  ctx: BotContext,
): (thread: AnyThreadChannel, newlyCreated: boolean) => Promise<void> {
  const handled = new Set<string>();
  const channels = new Set(ctx.config.autoAnswerChannelIds);
  return async (thread, newlyCreated) => {
    if (!newlyCreated || channels.size === 0 || thread.parentId === null || !channels.has(thread.parentId)) return;
    if (handled.has(thread.id)) return;
    handled.add(thread.id);
    if (handled.size > REMEMBERED_THREADS) handled.delete(handled.values().next().value!);
    try {
      const ownerId = thread.ownerId;
      if (ownerId === thread.client.user.id) return;
      const owner = await thread.client.users.fetch(ownerId).catch(() => null);
      if (owner === null || owner.bot) {
        ctx.logger.info({ thread: thread.id, reason: 'bot' }, 'thread not answered');
        return;
      }
      let body = '';
      if (ctx.config.messageContentIntent) {
        const starter = await thread.fetchStarterMessage().catch(() => null);
        body = starter?.content ?? '';
      }
      const questions = threadQuestions(thread.name, body);
      if (questions.length === 0) return;
      const turn = ctx.cooldown.take(ownerId);
      if (!turn.ok) {
        ctx.observer.refused?.('cooldown', 'thread');
        ctx.logger.info({ thread: thread.id, reason: 'cooldown' }, 'thread not answered');
        return;
      }
      const started = Date.now();
      const found = questions
        .map((question) => ({
          question,
          ...answerAndRender(ctx, question, {
            lang: langOf(thread.guild.preferredLocale),
            ephemeral: false,
            guildId: thread.guildId,
          }),
        }))
        .find((a) => isConfident(a.answer));
      if (!found) {
        ctx.logger.info({ thread: thread.id, reason: 'not confident' }, 'thread not answered');
        return;
      }
      const { question, answer, payload } = found;
      const options = messageReply(payload);
      const sent = await thread.send(options).catch(async (err: unknown) => {
        // A forum post's first message can arrive just after the thread: try once more a moment later.
        if (!(err instanceof DiscordAPIError) || err.code !== THREAD_NOT_READY) throw err;
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        return thread.send(options);
      });
      ctx.observer.question?.({
        replyMessageId: sent.id,
        path: 'thread',
        guildId: thread.guildId,
        userId: ownerId,
        locale: thread.guild.preferredLocale,
        question,
        answer,
        latencyMs: Date.now() - started,
      });
    } catch (err) {
      ctx.observer.error?.('bug', 'thread');
      ctx.logger.error({ err, thread: thread.id, channel: thread.parentId }, 'thread auto-answer failed');
    }
  };
}
