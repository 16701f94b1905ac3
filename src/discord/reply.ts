import { MessageFlags, type InteractionReplyOptions, type MessageReplyOptions } from 'discord.js';
import type { ReplyPayload } from './payload.ts';

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
