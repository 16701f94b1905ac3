import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { loadConfig, type Config } from '../../src/config.ts';
import { Library } from '../../src/store/library.ts';
import { startBot, type RunningBot } from '../../src/discord/client.ts';
import { commands } from '../../src/discord/commands/index.ts';
import type { BotContext } from '../../src/discord/context.ts';
import type { BotObserver } from '../../src/events.ts';
import { Cooldown } from '../../src/discord/cooldown.ts';
import { createLogger } from '../../src/logger.ts';
import { FakeDiscord, type FakeDiscordOptions } from './fakeDiscord.ts';

export const TOKEN = 'fake-bot-token.for-tests.0123456789abcdef';
export const SHIPPED_CORPUS = fileURLToPath(new URL('../../corpus', import.meta.url));

/** A running bot against a fresh fake Discord, with its log lines captured. */
export interface Harness {
  fake: FakeDiscord;
  bot: RunningBot;
  ctx: BotContext;
  library: Library;
  corpusDir: string;
  /** Every log line written so far (JSON strings). */
  logs: string[];
  stop(): Promise<void>;
}

export interface HarnessOptions {
  env?: Record<string, string>;
  /** Copy this corpus into a temp dir the test may change (default: the shipped corpus). */
  corpus?: string;
  observer?: BotObserver;
  extend?: (ctx: BotContext) => void;
  /** Options of the fake Discord (e.g. two servers). */
  fake?: FakeDiscordOptions;
  /** How the library prepares its tables (LibraryOptions.warmUp): the bot's 'background', or 'on-demand' (default). */
  warmUp?: 'background' | 'on-demand';
  /**
   * Connect first and open the corpus only once this settles, as src/index.ts may when the gateway is
   * quicker than the corpus: events that arrive meanwhile wait for the index.
   */
  openAfter?: Promise<void>;
}

/** Starts a fake Discord and the real bot connected to it; `stop()` tears both down. */
export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const fake = await new FakeDiscord(options.fake).start();
  const corpusDir = await mkdtemp(path.join(os.tmpdir(), 'wenda-bot-'));
  await cp(options.corpus ?? SHIPPED_CORPUS, corpusDir, {
    recursive: true,
    filter: (src) => !path.basename(src).startsWith('.wenda-index'),
  });
  const config: Readonly<Config> = loadConfig({
    DISCORD_TOKEN: TOKEN,
    DISCORD_API_URL: fake.apiUrl,
    CORPUS_DIR: corpusDir,
    QUERY_LOG: 'off',
    LOG_LEVEL: 'info',
    ...options.env,
  });
  const logs: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer | string, _enc, done) {
      logs.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  const logger = createLogger({ level: config.logLevel, secrets: [config.discordToken], destination });
  const library = new Library({
    corpusDir,
    logger,
    load: { maxFileBytes: config.maxDocumentBytes },
    maxCorpusBytes: config.corpusMaxBytes,
    warmUp: options.warmUp ?? 'on-demand',
  });
  const opening = options.openAfter?.then(() => library.open()).then(() => {});
  if (!opening) await library.open();
  const ctx: BotContext = {
    config,
    library,
    logger,
    cooldown: new Cooldown(config.cooldownQuestions, config.cooldownSeconds * 1000),
    startedAt: new Date(),
    version: 'test',
    observer: options.observer ?? {},
    ...(opening ? { libraryOpened: opening } : {}),
  };
  options.extend?.(ctx);
  const bot = await startBot(ctx, commands, config.discordToken!);
  return {
    fake,
    bot,
    ctx,
    library,
    corpusDir,
    logs,
    async stop() {
      await bot.stop();
      await fake.close();
      await rm(corpusDir, { recursive: true, force: true });
    },
  };
}

/** Option objects for a slash command, as Discord sends them. */
export const opt = {
  string: (name: string, value: string, focused = false) => ({
    name,
    type: 3,
    value,
    ...(focused ? { focused: true } : {}),
  }),
  integer: (name: string, value: number) => ({ name, type: 4, value }),
  boolean: (name: string, value: boolean) => ({ name, type: 5, value }),
  user: (name: string, value: string) => ({ name, type: 6, value }),
  attachment: (name: string, value: string) => ({ name, type: 11, value }),
  sub: (name: string, options: Array<Record<string, unknown>> = []) => ({ name, type: 1, options }),
};
