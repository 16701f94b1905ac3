import { DiscordAPIError, RESTJSONErrorCodes, type Interaction, type RepliableInteraction } from 'discord.js';
import type { Command, MessageCommand } from './command.ts';
import type { BotContext } from './context.ts';
import { Cooldown } from './cooldown.ts';
import { handleButton } from './handleButton.ts';
import { failureText } from './failure.ts';
import { langOf } from './i18n.ts';
import { canChangeCorpus, isModerator, requireCorpusServer, requireModerator } from './permissions.ts';
import { notice } from './render.ts';
import { interactionReply } from './reply.ts';
import { handleTeachForm } from './teachForms.ts';

/** Autocomplete requests one member gets suggestions for: at most this many per window (10 keys a second is fast typing). */
export const AUTOCOMPLETE_PER_WINDOW = 8;
export const AUTOCOMPLETE_WINDOW_MS = 2_000;

/**
 * The one place interactions are dispatched and errors caught (through failureText, as messages are): a
 * UserFacingError becomes an ephemeral message in the member's language saying what to do; anything else
 * is logged with its stack and the member gets an apology.
 * Nothing thrown here reaches the event loop: the process never dies from one interaction.
 */
export function createInteractionHandler(
  ctx: BotContext,
  commands: readonly Command[],
  messageCommands: readonly MessageCommand[] = [],
): (interaction: Interaction) => Promise<void> {
  const byName = new Map(commands.map((c) => [c.data.name, c]));
  const messageByName = new Map(messageCommands.map((c) => [c.data.name, c]));
  const autocompleteRate = new Cooldown(AUTOCOMPLETE_PER_WINDOW, AUTOCOMPLETE_WINDOW_MS);
  return async (interaction) => {
    const where = describeInteraction(interaction);
    try {
      if (interaction.isAutocomplete()) {
        // Typing fast (or a script) gets no suggestions rather than a share of everyone's event loop: the
        // first request over the rate gets [] at once, later ones in the same stretch no reply at all
        // (Discord shows no options), since each reply is an HTTP request the bot would make for nothing.
        const turn = autocompleteRate.take(interaction.user.id);
        if (!turn.ok) {
          if (turn.firstRefusal) await interaction.respond([]);
          return;
        }
        const command = byName.get(interaction.commandName);
        // A moderator command suggests nothing to others: autocomplete must not leak what it would list.
        if (
          !command?.autocomplete ||
          (command.moderatorOnly && !isModerator(interaction, ctx.config)) ||
          (command.changesCorpus && canChangeCorpus(ctx, interaction) !== null)
        ) {
          await interaction.respond([]);
          return;
        }
        await command.autocomplete(interaction, ctx);
      } else if (interaction.isChatInputCommand()) {
        const command = byName.get(interaction.commandName);
        if (!command) throw new Error(`unknown command /${interaction.commandName}`);
        if (command.moderatorOnly || command.changesCorpus) {
          try {
            if (command.moderatorOnly) requireModerator(interaction, ctx.config);
            if (command.changesCorpus) requireCorpusServer(ctx, interaction);
          } catch (err) {
            ctx.observer.refused?.('permission', interaction.commandName);
            ctx.logger.warn(
              { user: interaction.user.id, guild: interaction.guildId, command: interaction.commandName },
              'moderator command refused',
            );
            throw err;
          }
        }
        await command.execute(interaction, ctx);
      } else if (interaction.isMessageContextMenuCommand()) {
        const command = messageByName.get(interaction.commandName);
        if (!command) throw new Error(`unknown message command ${interaction.commandName}`);
        await command.execute(interaction, ctx);
      } else if (interaction.isButton()) {
        await handleButton(interaction, ctx);
      } else if (interaction.isModalSubmit()) {
        await handleTeachForm(interaction, ctx);
      }
    } catch (err) {
      await reportError(interaction, err, ctx, where);
    }
  };
}

function describeInteraction(interaction: Interaction): string {
  if (interaction.isCommand() || interaction.isAutocomplete()) return `/${interaction.commandName}`;
  if (interaction.isMessageComponent()) return `button ${interaction.customId.slice(0, 40)}`;
  if (interaction.isModalSubmit()) return `form ${interaction.customId.slice(0, 40)}`;
  return `interaction type ${(interaction as { type: number }).type}`;
}

/** Discord's answers meaning this interaction can take no reply any more: 10062 (past the 3 s deadline), 40060 (answered). */
const SPENT: ReadonlySet<number | string> = new Set([
  RESTJSONErrorCodes.UnknownInteraction,
  RESTJSONErrorCodes.InteractionHasAlreadyBeenAcknowledged,
]);

async function reportError(interaction: Interaction, err: unknown, ctx: BotContext, where: string): Promise<void> {
  if (err instanceof DiscordAPIError && SPENT.has(err.code)) {
    // Not a bug in the bot, and telling the user would fail the same way: one warning, no second call.
    ctx.logger.warn({ where, code: err.code, user: interaction.user.id }, 'interaction expired before the reply');
    return;
  }
  const text = failureText(ctx, err, {
    kind: 'interaction',
    lang: langOf(interaction.locale),
    where,
    fields: { user: interaction.user.id, guild: interaction.guildId },
  });
  try {
    if (interaction.isAutocomplete()) {
      if (!interaction.responded) await interaction.respond([]);
      return;
    }
    if (!interaction.isRepliable()) return;
    await replyOrFollowUp(interaction, text);
  } catch (replyErr) {
    // Typically the 3 s deadline has passed (10062): nothing more can be said to the user.
    ctx.logger.warn({ err: replyErr, where }, 'could not tell the user about an error');
  }
}

async function replyOrFollowUp(interaction: RepliableInteraction, text: string): Promise<void> {
  const payload = interactionReply(notice(text));
  if (interaction.deferred && !interaction.replied)
    await interaction.editReply({ content: payload.content ?? text, embeds: [], components: [] });
  else if (interaction.replied) await interaction.followUp(payload);
  else await interaction.reply(payload);
}
