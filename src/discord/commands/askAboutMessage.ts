import { ApplicationCommandType, ContextMenuCommandBuilder, InteractionContextType } from 'discord.js';
import { UserFacingError } from '../../errors.ts';
import { answerAndRender, replyWithAnswer, takeTurn } from '../answering.ts';
import type { MessageCommand } from '../command.ts';
import { langOf } from '../i18n.ts';
import { MAX_QUESTION_LENGTH } from '../limits.ts';
import { safeCutBefore } from '../safeText.ts';

/** The question a message asks: its text, cut (at a safe place) to the longest question the bot takes. */
export function questionOfMessage(content: string): string {
  const text = content.replace(/\s+/g, ' ').trim();
  if (Array.from(text).length <= MAX_QUESTION_LENGTH) return text;
  // Cut by code points: MAX_QUESTION_LENGTH counts characters, not UTF-16 units.
  const cut = Array.from(text).slice(0, MAX_QUESTION_LENGTH).join('');
  return cut.slice(0, safeCutBefore(cut, cut.length)).trim();
}

/**
 * "Ask the bot about this message": the target message's text is asked as a question. An answer is posted
 * publicly, addressed to the message's author (the one mention it may make; never a bot); "not in the
 * corpus" is shown only to the member who asked.
 */
export const askAboutMessageCommand = {
  data: new ContextMenuCommandBuilder()
    .setName('Ask the bot about this')
    .setNameLocalizations({ 'zh-CN': '让机器人回答这条消息', 'zh-TW': '讓機器人回答這則訊息' })
    .setType(ApplicationCommandType.Message)
    .setContexts(InteractionContextType.Guild, InteractionContextType.PrivateChannel),

  async execute(interaction, ctx) {
    const lang = langOf(interaction.locale);
    const target = interaction.targetMessage;
    const question = questionOfMessage(target.content);
    if (question === '') {
      throw new UserFacingError('question.messageHasNoText', {}, { code: 'question.empty' });
    }
    if (!(await takeTurn(interaction, ctx, lang, 'message'))) return;
    const author = target.author;
    const addressee = author.bot ? null : author.id;
    const { answer, payload } = answerAndRender(ctx, question, {
      lang,
      ephemeral: false,
      addressee,
      privateWhenUnanswered: true,
      guildId: interaction.guildId,
    });
    await replyWithAnswer(interaction, ctx, 'message', question, answer, payload);
  },
} satisfies MessageCommand;
