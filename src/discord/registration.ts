import type { Config } from '../config.ts';
import type { Registrable } from './command.ts';

/** One PUT of slash commands: globally (guildId null) or to one server. */
export interface Registration<C extends Registrable = Registrable> {
  guildId: string | null;
  commands: readonly C[];
}

/**
 * Where `npm run deploy-commands` registers which commands. Commands that change the corpus are
 * offered in the corpus servers only, whenever CORPUS_GUILD_IDS names them:
 * - DISCORD_GUILD_ID set: every command to that server (without the corpus commands when it is not a
 *   corpus server);
 * - otherwise, CORPUS_GUILD_IDS set: the other commands globally, the corpus commands to each corpus server;
 * - neither: every command globally (the bot is meant to be in one server then; it refuses corpus
 *   changes as soon as it is in two).
 */
export function planRegistrations<C extends Registrable>(
  config: Pick<Config, 'discordGuildId' | 'corpusGuildIds'>,
  commands: readonly C[],
): Array<Registration<C>> {
  const open = commands.filter((c) => !c.changesCorpus);
  const corpus = commands.filter((c) => c.changesCorpus);
  const trusted = config.corpusGuildIds;
  if (config.discordGuildId !== null) {
    const isCorpusServer = trusted.length === 0 || trusted.includes(config.discordGuildId);
    return [{ guildId: config.discordGuildId, commands: isCorpusServer ? commands : open }];
  }
  if (trusted.length === 0) return [{ guildId: null, commands }];
  return [{ guildId: null, commands: open }, ...trusted.map((guildId) => ({ guildId, commands: corpus }))];
}
