import {
  InteractionResponseType,
  MessageFlags,
  Routes,
  type InteractionReplyOptions,
  type MessageReplyOptions,
  type RepliableInteraction,
  type RESTPostAPIInteractionCallbackJSONBody,
  type RESTPostAPIInteractionCallbackWithResponseResult,
} from 'discord.js';
import type { ReplyPayload } from './payload.ts';

/** `?with_response=true`: Discord answers the callback with the message it created (for its id). */
const WITH_RESPONSE = new URLSearchParams({ with_response: 'true' });

/**
 * An answer as the interaction's one response, posted as the JSON the payload already is. What
 * `interaction.reply({ withResponse: true })` sends, without its per-reply costs: building a
 * MessagePayload, then a Message object from Discord's answer and caching it (a third of the CPU of
 * an /ask in the load test). Returns the id of the message Discord created (null when it says none).
 */
export async function postAnswerReply(interaction: RepliableInteraction, p: ReplyPayload): Promise<string | null> {
  if (interaction.deferred || interaction.replied) throw new Error('the interaction has already been answered');
  const data: NonNullable<Extract<RESTPostAPIInteractionCallbackJSONBody, { type: 4 }>['data']> = {
    embeds: p.embeds,
    components: p.components,
    allowed_mentions: {
      parse: p.allowedMentions.parse,
      replied_user: false,
      ...(p.allowedMentions.users ? { users: p.allowedMentions.users } : {}),
    },
  };
  if (p.content !== undefined) data.content = p.content;
  if (p.ephemeral) data.flags = MessageFlags.Ephemeral;
  const body: RESTPostAPIInteractionCallbackJSONBody = { type: InteractionResponseType.ChannelMessageWithSource, data };
  const response = (await interaction.client.rest.post(Routes.interactionCallback(interaction.id, interaction.token), {
    body,
    auth: false,
    query: WITH_RESPONSE,
  })) as RESTPostAPIInteractionCallbackWithResponseResult;
  interaction.replied = true;
  return response.resource?.message?.id ?? null;
}

/** A rendered payload as options for interaction.reply / followUp. */
export function interactionReply(p: ReplyPayload): InteractionReplyOptions & { flags?: MessageFlags.Ephemeral } {
  const options: InteractionReplyOptions & { flags?: MessageFlags.Ephemeral } = {
    embeds: p.embeds,
    components: p.components,
    allowedMentions: p.allowedMentions,
  };
  if (p.content !== undefined) options.content = p.content;
  if (p.ephemeral) options.flags = MessageFlags.Ephemeral;
  return options;
}

/** A rendered payload as options for message.reply (never ephemeral; never pings the author). */
export function messageReply(p: ReplyPayload): MessageReplyOptions {
  const options: MessageReplyOptions = {
    embeds: p.embeds,
    components: p.components,
    allowedMentions: p.allowedMentions,
  };
  if (p.content !== undefined) options.content = p.content;
  return options;
}
