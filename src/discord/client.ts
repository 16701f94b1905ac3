import { Client, Events, GatewayIntentBits, Partials, RESTEvents, type ClientOptions } from 'discord.js';
import { Agent } from 'undici';
import type { Config } from '../config.ts';
import type { Command, MessageCommand } from './command.ts';
import { messageCommands as allMessageCommands } from './commands/index.ts';
import type { BotContext } from './context.ts';
import { createInteractionHandler } from './handleInteraction.ts';
import { createMessageHandler } from './handleMessage.ts';
import { createThreadHandler } from './handleThread.ts';
import { NO_MENTIONS } from './payload.ts';

/**
 * Which shards this client runs: all of them (SHARD_COUNT, or as many as Discord recommends) inside one
 * client, so every shard answers from the one index in this process; under `start:sharded` the
 * ShardingManager assigns them (discord.js reads its SHARDS and SHARD_COUNT).
 */
export function shardOptions(
  config: Pick<Config, 'shardCount' | 'shardedByManager'>,
): Pick<ClientOptions, 'shards' | 'shardCount'> {
  if (config.shardedByManager) return {};
  if (config.shardCount === 'auto') return { shards: 'auto' };
  return { shards: Array.from({ length: config.shardCount }, (_, i) => i), shardCount: config.shardCount };
}

/**
 * Connections the REST client keeps open to Discord. Without a cap, undici opens one connection per
 * request in flight, so a burst of 300 questions opened 300 (a TCP and, against Discord, a TLS
 * handshake each) before the first reply went out; 16 kept-alive connections carry them in turn.
 */
export const REST_CONNECTIONS = 16;

/**
 * The gateway client: no privileged intent unless the operator enabled Message Content
 * (MESSAGE_CONTENT_INTENT, for the first message of an auto-answered thread). Messages that @mention the
 * bot and DMs carry their content without it; Partials.Channel lets DMs from uncached channels through.
 * Nobody is pinged unless a reply says so explicitly.
 */
export function createClient(
  config: Pick<Config, 'discordApiUrl' | 'shardCount' | 'shardedByManager'> &
    Partial<Pick<Config, 'messageContentIntent'>>,
): Client {
  const intents = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages];
  if (config.messageContentIntent) intents.push(GatewayIntentBits.MessageContent);
  return new Client({
    ...shardOptions(config),
    intents,
    partials: [Partials.Channel],
    allowedMentions: NO_MENTIONS,
    rest: {
      agent: new Agent({ connections: REST_CONNECTIONS }),
      ...(config.discordApiUrl ? { api: config.discordApiUrl } : {}),
    },
  });
}

export interface RunningBot {
  client: Client;
  /** Logs out and closes the gateway. */
  stop(): Promise<void>;
}

/** Wires the handlers and logs in; resolves when the client is ready. */
export async function startBot(
  ctx: BotContext,
  commands: readonly Command[],
  token: string,
  messageCommands: readonly MessageCommand[] = allMessageCommands,
): Promise<RunningBot> {
  const client = createClient(ctx.config);
  const onInteraction = createInteractionHandler(ctx, commands, messageCommands);
  const onMessage = createMessageHandler(ctx);
  const onThread = createThreadHandler(ctx);
  // Until the corpus has opened, events wait for it (in arrival order); afterwards they go straight through.
  const opened = ctx.libraryOpened;
  const whenOpen = (handle: () => Promise<void>): void => {
    if (!opened || ctx.library.isOpen) void handle();
    else void opened.then(handle);
  };
  client.on(Events.InteractionCreate, (interaction) => whenOpen(() => onInteraction(interaction)));
  client.on(Events.MessageCreate, (message) => whenOpen(() => onMessage(message)));
  client.on(Events.ThreadCreate, (thread, newlyCreated) => whenOpen(() => onThread(thread, newlyCreated)));
  client.on(Events.Error, (err) => ctx.logger.error({ err }, 'discord client error'));
  client.on(Events.Warn, (message) => ctx.logger.warn({ message }, 'discord client warning'));
  client.on(Events.ShardDisconnect, (event, shard) =>
    ctx.logger.warn({ shard, code: event.code }, 'gateway disconnected'),
  );
  client.on(Events.ShardReconnecting, (shard) => ctx.logger.info({ shard }, 'gateway reconnecting'));
  client.on(Events.ShardResume, (shard, replayed) => ctx.logger.info({ shard, replayed }, 'gateway resumed'));
  // A new session (at start, or after a re-IDENTIFY when the old one could not be resumed).
  client.on(Events.ShardReady, (shard) => ctx.logger.info({ shard }, 'gateway session started'));
  // discord.js waits out a 429 and retries a 5xx by itself, silently: one warning per such answer. The
  // route, never the URL: interaction and webhook URLs carry the interaction's token.
  client.rest.on(RESTEvents.Response, (request, response) => {
    if (response.status !== 429 && response.status < 500) return;
    ctx.logger.warn(
      {
        method: request.method,
        route: request.route,
        status: response.status,
        attempt: request.retries + 1,
        retryAfter: response.headers.get('retry-after'),
      },
      'Discord REST error answer',
    );
  });
  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  await client.login(token);
  await ready;
  ctx.logger.info({ user: client.user?.tag, guilds: client.guilds.cache.size }, 'bot ready');
  return {
    client,
    async stop() {
      await client.destroy();
    },
  };
}
