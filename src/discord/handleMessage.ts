import type { Message } from 'discord.js';
import { answerAndRender, relativeTime } from './answering.ts';
import type { QuestionPath } from '../events.ts';
import type { BotContext } from './context.ts';
import { failureText } from './failure.ts';
import { langOf, t, type Lang } from './i18n.ts';
import { modLogOf } from './modLog.ts';
import { notice } from './render.ts';
import { messageReply } from './reply.ts';

/** The question in a message addressed to the bot: its mentions of the bot removed, or null when not addressed. */
export function questionOf(message: Message, botId: string): { path: QuestionPath; question: string } | null {
  if (message.author.bot || message.author.id === botId) return null;
  const question = message.content
    .replace(new RegExp(`<@!?${botId}>`, 'g'), ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (!message.inGuild()) return { path: 'dm', question };
  // A reply to the bot's own message pings it by default, so it also shows up as a mention.
  // discord.js sets repliedUser even for a reply that does not ping; without MESSAGE_CONTENT such a
  // reply arrives without its text, and is not a question to answer.
  if (message.mentions.repliedUser?.id === botId)
    return question === '' && !message.mentions.users.has(botId) ? null : { path: 'reply', question };
  if (message.mentions.users.has(botId)) return { path: 'mention', question };
  return null;
}

function languageOf(message: Message, question: string): Lang {
  if (message.inGuild()) return langOf(message.guild.preferredLocale);
  return /\p{sc=Han}/u.test(question) ? 'zh-CN' : 'en';
}

/**
 * Messages: an @mention or a reply to the bot in a guild channel or thread, and every DM, is a
 * question. Bots (and the bot itself) are ignored. The reply quotes the same way /ask does and never
 * pings anyone. Errors are caught here and worded by failureText, as for interactions: a message never
 * takes the bot down.
 */
export function createMessageHandler(ctx: BotContext): (message: Message) => Promise<void> {
  return async (message) => {
    const botId = message.client.user.id;
    const addressed = questionOf(message, botId);
    if (!addressed) return;
    const lang = languageOf(message, addressed.question);
    try {
      const turn = ctx.cooldown.take(message.author.id);
      if (!turn.ok) {
        ctx.observer.refused?.('cooldown', addressed.path);
        // Say it once per blocked stretch: answering spam with spam helps nobody.
        if (turn.firstRefusal)
          await message.reply(
            messageReply({ ...notice(t(lang, 'cooldown', { when: relativeTime(turn.retryAt) })), ephemeral: false }),
          );
        return;
      }
      const { answer, payload } = answerAndRender(ctx, addressed.question, {
        lang,
        ephemeral: false,
        guildId: message.guildId,
      });
      const sent = await message.reply(messageReply(payload));
      ctx.observer.question?.({
        replyMessageId: sent.id,
        path: addressed.path,
        guildId: message.guildId,
        userId: message.author.id,
        locale: message.inGuild() ? message.guild.preferredLocale : null,
        question: addressed.question,
        answer,
        latencyMs: Date.now() - message.createdTimestamp,
      });
      if (!answer.answered)
        await modLogOf(ctx)?.noteUnanswered(message.client, addressed.question, message.guildId, ctx);
    } catch (err) {
      const text = failureText(ctx, err, {
        kind: 'message',
        lang,
        where: addressed.path,
        fields: { path: addressed.path, channel: message.channelId },
      });
      try {
        await message.reply(messageReply({ ...notice(text), ephemeral: false }));
      } catch (replyErr) {
        ctx.logger.warn({ err: replyErr, channel: message.channelId }, 'could not reply to a message');
      }
    }
  };
}
