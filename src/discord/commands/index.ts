import type { Command } from '../command.ts';
import { aboutCommand } from './about.ts';
import { askCommand } from './ask.ts';
import { helpCommand } from './help.ts';
import { sourceCommand } from './source.ts';

/** Every slash command, in the order /help lists them. */
export const commands: readonly Command[] = [askCommand, sourceCommand, helpCommand, aboutCommand];
