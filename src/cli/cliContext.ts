import 'dotenv/config';
import { loadConfig, type Config } from '../config.ts';
import { createLogger, type Logger } from '../logger.ts';

/**
 * Configuration and a logger for a command-line tool. CLI tools log warnings and errors only unless
 * LOG_LEVEL says otherwise: their output is the answer, and logs go to stderr.
 */
export function cliContext(): { config: Readonly<Config>; logger: Logger } {
  const config = loadConfig();
  const level = process.env.LOG_LEVEL ? config.logLevel : 'warn';
  return { config, logger: createLogger({ level, secrets: [config.discordToken] }) };
}
