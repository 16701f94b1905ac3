// `npm run start:sharded`: one process per shard through discord.js's ShardingManager, for operators
// who want shards isolated from each other (`npm start` runs every shard in one process, on one index).
// Each shard runs the composition root with its own copy of the index; a reindex on any shard is
// relayed here and repeated on every other shard.
import 'dotenv/config';
import { ShardingManager, type Shard } from 'discord.js';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../config.ts';
import { describeError } from '../errors.ts';
import { createLogger } from '../logger.ts';
import { exitOnBrokenPipe, exitOnCrash } from '../processGuards.ts';
import { relayReindex } from './shardMessages.ts';

let config;
try {
  config = loadConfig();
} catch (err) {
  console.error(describeError(err));
  process.exit(1);
}
const logger = createLogger({ level: config.logLevel, secrets: [config.discordToken] });
exitOnBrokenPipe();
exitOnCrash(logger);
if (!config.discordToken) {
  console.error('start:sharded needs DISCORD_TOKEN (the console chat is `npm start` without a token).');
  process.exit(1);
}

// Compiled (dist/discord/shard.js) the shards run dist/index.js with plain node; from the sources
// (tests, `node --import tsx src/discord/shard.ts`) they run src/index.ts through tsx.
const fromSources = import.meta.url.endsWith('.ts');
const entry = fileURLToPath(new URL(fromSources ? '../index.ts' : '../index.js', import.meta.url));
const manager = new ShardingManager(entry, {
  token: config.discordToken,
  totalShards: config.shardCount,
  execArgv: fromSources ? ['--import', 'tsx'] : [],
  respawn: true,
});

manager.on('shardCreate', (shard: Shard) => {
  logger.info({ shard: shard.id }, 'shard launched');
  shard.on('message', (message: unknown) => {
    // Every other shard re-reads the (shared) corpus directory.
    const others = [...manager.shards.values()].map((s) => ({
      id: s.id,
      send: (m: unknown) =>
        s.send(m).catch((err: unknown) => logger.warn({ err, shard: s.id }, 'could not relay a reindex')),
    }));
    if (relayReindex(message, others) > 0) logger.info({ from: shard.id }, 'reindex relayed to the other shards');
  });
});

await manager.spawn();
const stop = (): void => {
  for (const shard of manager.shards.values()) shard.kill();
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
