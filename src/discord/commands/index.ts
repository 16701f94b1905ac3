import type { Command, MessageCommand } from '../command.ts';
import { askAboutMessageCommand } from './askAboutMessage.ts';
import { aboutCommand } from './about.ts';
import { askCommand } from './ask.ts';
import { corpusCommand } from './corpus.ts';
import { faqCommand } from './faq.ts';
import { helpCommand } from './help.ts';
import { insightsCommand } from './insights.ts';
import { reindexCommand } from './reindex.ts';
import { sourceCommand } from './source.ts';
import { synonymsCommand } from './synonyms.ts';

/** Every slash command, in the order /help lists them. */
export const commands: readonly Command[] = [
  askCommand,
  sourceCommand,
  helpCommand,
  aboutCommand,
  reindexCommand,
  corpusCommand,
  faqCommand,
  synonymsCommand,
  insightsCommand,
];

/** Every message context-menu command. */
export const messageCommands: readonly MessageCommand[] = [askAboutMessageCommand];
