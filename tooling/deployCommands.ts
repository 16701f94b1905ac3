// Registers the slash commands with Discord: to DISCORD_GUILD_ID when set (instant, for testing),
// otherwise globally (can take up to an hour to show everywhere). Start-up never registers.
import 'dotenv/config';
import { REST, Routes } from 'discord.js';
import { runMain } from '../src/cli/runMain.ts';
import { loadConfig } from '../src/config.ts';
import { commands } from '../src/discord/commands/index.ts';
import { UserFacingError } from '../src/errors.ts';

await runMain('usage: npm run deploy-commands', async () => {
  const config = loadConfig();
  if (!config.discordToken || !config.discordClientId) {
    throw new UserFacingError(
      'config.missing',
      'Set DISCORD_TOKEN and DISCORD_CLIENT_ID in .env to register commands (see README).',
    );
  }
  const rest = new REST(config.discordApiUrl ? { api: config.discordApiUrl } : {}).setToken(config.discordToken);
  const body = commands.map((c) => c.data.toJSON());
  const route = config.discordGuildId
    ? Routes.applicationGuildCommands(config.discordClientId, config.discordGuildId)
    : Routes.applicationCommands(config.discordClientId);
  const result = (await rest.put(route, { body })) as unknown[];
  console.log(
    `Registered ${result.length} commands ${config.discordGuildId ? `to guild ${config.discordGuildId}` : 'globally'}: ${commands.map((c) => `/${c.data.name}`).join(' ')}`,
  );
});
