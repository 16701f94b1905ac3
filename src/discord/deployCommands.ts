// `npm run deploy-commands` (compiled: `node dist/discord/deployCommands.js`): registers the slash and
// message commands with Discord (see planRegistrations for where each goes): to DISCORD_GUILD_ID when set
// (instant: the home server only), otherwise globally (can take up to an hour to show everywhere), with
// the commands that change the corpus offered only in CORPUS_GUILD_IDS. Start-up never registers.
// Exit codes as the CLI's: 0 registered, 1 a failure (one line on stderr, never a stack; DEBUG=1 for one).
import 'dotenv/config';
import { REST, Routes } from 'discord.js';
import { loadConfig, type Config } from '../config.ts';
import { describeError, isUserFacing, UserFacingError } from '../errors.ts';
import { commands, messageCommands } from './commands/index.ts';
import { planRegistrations } from './registration.ts';

/** Registers every command the bot answers (slash commands, then message menus); one line per PUT. */
async function deployCommands(config: Readonly<Config>): Promise<string[]> {
  const clientId = config.discordClientId;
  if (!config.discordToken || !clientId) {
    throw new UserFacingError('config.noToken', {});
  }
  const rest = new REST(config.discordApiUrl ? { api: config.discordApiUrl } : {}).setToken(config.discordToken);
  const lines: string[] = [];
  for (const { guildId, commands: list } of planRegistrations(config, [...commands, ...messageCommands])) {
    const route = guildId ? Routes.applicationGuildCommands(clientId, guildId) : Routes.applicationCommands(clientId);
    const result = (await rest.put(route, { body: list.map((c) => c.data.toJSON()) })) as unknown[];
    lines.push(
      `Registered ${result.length} commands ${guildId ? `to server ${guildId}` : 'globally'}: ${list.map((c) => `/${c.data.name}`).join(' ')}`,
    );
  }
  return lines;
}

try {
  for (const line of await deployCommands(loadConfig())) process.stdout.write(`${line}\n`);
} catch (err) {
  if (process.env.DEBUG) console.error(err);
  console.error(isUserFacing(err) ? err.message : `error: ${describeError(err)}`);
  process.exitCode = 1;
}
