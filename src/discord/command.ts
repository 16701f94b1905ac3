import type {
  AutocompleteInteraction,
  ChatInputCommandInteraction,
  MessageContextMenuCommandInteraction,
  RESTPostAPIApplicationCommandsJSONBody,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
  RESTPostAPIContextMenuApplicationCommandsJSONBody,
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

/** A message context-menu command (right-click a message → Apps): Discord sends the message with it. */
export interface MessageCommand {
  data: { name: string; toJSON(): RESTPostAPIContextMenuApplicationCommandsJSONBody };
  changesCorpus?: boolean;
  execute(interaction: MessageContextMenuCommandInteraction, ctx: BotContext): Promise<void>;
}

/** What registration needs of any command. */
export interface Registrable {
  data: { name: string; toJSON(): RESTPostAPIApplicationCommandsJSONBody };
  changesCorpus?: boolean;
}
