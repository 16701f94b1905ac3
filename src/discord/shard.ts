// `npm run start:sharded`: one process per shard through discord.js's ShardingManager, for bots in
// more than 2,500 servers (Discord requires sharding from there). Each shard runs src/index.ts with its
// own copy of the index; a reindex on any shard is relayed here and repeated on every other shard.
import 'dotenv/config';
import { ShardingManager, type Shard } from 'discord.js';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../config.ts';
import { describeError } from '../errors.ts';
import { createLogger } from '../logger.ts';
import { relayReindex } from './shardMessages.ts';

let config;
try {
  config = loadConfig();
} catch (err) {
  console.error(describeError(err));
  process.exit(1);
}
const logger = createLogger({ level: config.logLevel, secrets: [config.discordToken] });
if (!config.discordToken) {
  console.error('start:sharded needs DISCORD_TOKEN (the console chat is `npm start` without a token).');
  process.exit(1);
}

const manager = new ShardingManager(fileURLToPath(new URL('../index.ts', import.meta.url)), {
  token: config.discordToken,
  totalShards: config.shardCount,
  execArgv: ['--import', 'tsx'],
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
