import type { BotContext } from './context.ts';
import { startBot } from './client.ts';
import { commands } from './commands/index.ts';

/** How long shutdown may take before the process exits anyway. */
const SHUTDOWN_MS = 2_000;

/** Runs the bot until SIGINT/SIGTERM, then logs out cleanly (or exits after 2 s regardless). */
export async function startDiscord(ctx: BotContext, token: string): Promise<void> {
  const bot = await startBot(ctx, commands, token);
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
      .finally(() => {
        ctx.logger.info('logged out');
        process.exit(0);
      });
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}
