import { joinReindexRelay } from './shardMessages.ts';
import type { Observability } from '../observe/index.ts';
import type { BotContext } from './context.ts';
import { watchGateway } from './gatewayState.ts';
import { startBot } from './client.ts';
import { commands } from './commands/index.ts';
import { voteBookOf } from './votes.ts';

/** How long shutdown may take before the process exits anyway. */
const SHUTDOWN_MS = 2_000;

/** Runs the bot until SIGINT/SIGTERM, then logs out cleanly (or exits after 2 s regardless). */
export async function startDiscord(
  ctx: BotContext,
  token: string,
  obs?: Pick<Observability, 'setGatewayReady' | 'close'>,
): Promise<void> {
  // The votes stored before a restart are counted now, not on the first question.
  voteBookOf(ctx);
  const bot = await startBot(ctx, commands, token);
  if (obs) {
    obs.setGatewayReady(true);
    watchGateway(bot.client, obs.setGatewayReady);
  }
  relayReindexes(ctx, bot.client.shard?.ids[0] ?? null);
  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    ctx.logger.info({ signal }, 'shutting down');
    const timer = setTimeout(() => process.exit(0), SHUTDOWN_MS);
    timer.unref();
    bot
      .stop()
      .catch((err: unknown) => ctx.logger.warn({ err }, 'logout failed'))
      .then(() => obs?.close())
      .catch((err: unknown) => ctx.logger.warn({ err }, 'closing the query log or metrics failed'))
      .finally(() => {
        ctx.logger.info('logged out');
        process.exit(0);
      });
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

/** Under the ShardingManager, this process is one shard: it joins the reindex relay over IPC. */
function relayReindexes(ctx: BotContext, shard: number | null): void {
  if (shard === null || typeof process.send !== 'function') return;
  joinReindexRelay(
    ctx.library,
    shard,
    {
      send: (message) => process.send?.(message),
      onMessage: (listener) => process.on('message', listener),
    },
    (from) => ctx.logger.info({ from }, 'reindex relayed from another shard'),
  );
}
