// Registers the slash commands with Discord (see planRegistrations for where each goes): to
// DISCORD_GUILD_ID when set (instant: the home server only), otherwise globally (can take up to an
// hour to show everywhere), with the commands that change the corpus offered only in CORPUS_GUILD_IDS.
// Start-up never registers.
import 'dotenv/config';
import { REST, Routes } from 'discord.js';
import { runMain } from '../src/cli/runMain.ts';
import { loadConfig } from '../src/config.ts';
import { commands, messageCommands } from '../src/discord/commands/index.ts';
import { planRegistrations } from '../src/discord/registration.ts';
import { UserFacingError } from '../src/errors.ts';

await runMain('usage: npm run deploy-commands', async () => {
  const config = loadConfig();
  const clientId = config.discordClientId;
  if (!config.discordToken || !clientId) {
    throw new UserFacingError('config.noToken', {});
  }
  const rest = new REST(config.discordApiUrl ? { api: config.discordApiUrl } : {}).setToken(config.discordToken);
  for (const { guildId, commands: list } of planRegistrations(config, [...commands, ...messageCommands])) {
    const route = guildId ? Routes.applicationGuildCommands(clientId, guildId) : Routes.applicationCommands(clientId);
    const result = (await rest.put(route, { body: list.map((c) => c.data.toJSON()) })) as unknown[];
    console.log(
      `Registered ${result.length} commands ${guildId ? `to server ${guildId}` : 'globally'}: ${list.map((c) => `/${c.data.name}`).join(' ')}`,
    );
  }
});
