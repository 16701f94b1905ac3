import type { Config } from '../config.ts';
import type { Library } from '../store/library.ts';
import type { BotObserver } from '../events.ts';
import type { Logger } from '../logger.ts';
import type { QueryLog } from '../observe/queryLog.ts';
import type { Cooldown } from './cooldown.ts';

/** Everything a command needs, built once in the composition root. */
export interface BotContext {
  config: Readonly<Config>;
  library: Library;
  logger: Logger;
  cooldown: Cooldown;
  startedAt: Date;
  version: string;
  observer: BotObserver;
  /** The query log, for /insights; null or absent when QUERY_LOG=off. */
  queryLog?: QueryLog | null;
  /**
   * Settles when the library has opened, for a bot that connects while the corpus is still opening:
   * events that arrive before wait for it. Absent: the library is open already.
   */
  libraryOpened?: Promise<void>;
}
