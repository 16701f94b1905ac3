import {
  ComponentType,
  MessageFlags,
  type APIActionRowComponent,
  type APIButtonComponent,
  type ButtonInteraction,
} from 'discord.js';
import { UserFacingError } from '../errors.ts';
import { answerAndRender, replyWithAnswer, takeTurn } from './answering.ts';
import type { BotContext } from './context.ts';
import { decodeAction } from './customIds.ts';
import { langOf, t } from './i18n.ts';
import { NO_MENTIONS } from './payload.ts';
import { notice, passageIdsFromEmbeds, questionFromEmbeds } from './render.ts';
import { interactionReply } from './reply.ts';
import { modLogOf } from './modLog.ts';
import { sourceReply } from './sourceView.ts';
import { openTeachForm } from './teachForms.ts';
import { voteBookOf } from './votes.ts';

/**
 * The answer buttons (More, Source, Share, 👍 / 👎) and the mod log's (Add FAQ entry, Add synonym). State
 * comes from the custom id and the message.
 */
export async function handleButton(interaction: ButtonInteraction, ctx: BotContext): Promise<void> {
  const lang = langOf(interaction.locale);
  const action = decodeAction(interaction.customId);
  if (!action) throw new UserFacingError('button.stale', {});
  const embeds = interaction.message.embeds;

  switch (action.kind) {
    case 'more': {
      const question = questionFromEmbeds(embeds);
      if (question === null) throw new UserFacingError('button.stale', {});
      if (!(await takeTurn(interaction, ctx, lang, 'more'))) return;
      const { answer, payload } = answerAndRender(ctx, question, {
        lang,
        ephemeral: true,
        top: action.count,
        offset: action.offset,
        guildId: interaction.guildId,
      });
      await replyWithAnswer(
        interaction,
        ctx,
        'more',
        question,
        answer,
        answer.answered ? payload : notice(t(lang, 'noMore')),
      );
      return;
    }
    case 'source':
      await interaction.reply(interactionReply(sourceReply(ctx.library.index, action.ref, lang)));
      return;
    case 'share': {
      if (!interaction.message.flags.has(MessageFlags.Ephemeral) || embeds.length === 0)
        throw new UserFacingError('button.stale', {});
      // Post the same answer for everyone, without the Share button.
      const components = interaction.message.components
        .filter((row) => row.type === ComponentType.ActionRow)
        .map((row) => {
          const json = row.toJSON() as APIActionRowComponent<APIButtonComponent>;
          return {
            ...json,
            components: json.components.filter(
              (c) => !('custom_id' in c) || decodeAction(c.custom_id)?.kind !== 'share',
            ),
          };
        })
        .filter((row) => row.components.length > 0);
      await interaction.reply({
        content: t(lang, 'sharedBy', { user: `<@${interaction.user.id}>` }),
        embeds: embeds.map((e) => e.toJSON()),
        components,
        allowedMentions: NO_MENTIONS,
      });
      return;
    }
    case 'feedback': {
      const event = {
        vote: action.vote,
        userId: interaction.user.id,
        guildId: interaction.guildId,
        question: questionFromEmbeds(embeds),
        passageIds: passageIdsFromEmbeds(embeds),
        messageId: interaction.message.id,
      };
      ctx.logger.info(
        { feedback: event.vote, question: event.question, passages: event.passageIds, guild: event.guildId },
        'feedback',
      );
      ctx.observer.feedback?.(event);
      voteBookOf(ctx).record(event);
      await interaction.reply(interactionReply(notice(t(lang, 'thanks'))));
      await modLogOf(ctx)?.noteVote(interaction.client, event, ctx);
      return;
    }
    case 'teach':
      await openTeachForm(interaction, ctx, action.what);
      return;
  }
}
