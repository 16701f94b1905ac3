import type {
  AutocompleteInteraction,
  ChatInputCommandInteraction,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { BotContext } from './context.ts';

/** A slash command: typed data plus a short execute (and autocomplete when it has one). */
export interface Command {
  data: { name: string; toJSON(): RESTPostAPIChatInputApplicationCommandsJSONBody };
  /** Checked in code on every use, whatever permissions a server admin has set on the command. */
  moderatorOnly?: boolean;
  /** Changes the corpus every server reads: only from the corpus servers (CORPUS_GUILD_IDS), see canChangeCorpus. */
  changesCorpus?: boolean;
  execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void>;
  autocomplete?(interaction: AutocompleteInteraction, ctx: BotContext): Promise<void>;
}
