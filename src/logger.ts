import { createRequire } from 'node:module';
import { Writable } from 'node:stream';
import pino, { type Logger } from 'pino';
import type pinoPretty from 'pino-pretty';

/** pino-pretty, loaded only for a terminal: a service logging JSON does not pay for it at start. */
function pretty(options: pinoPretty.PrettyOptions): NodeJS.WritableStream {
  const load = createRequire(import.meta.url)('pino-pretty') as typeof pinoPretty;
  return load(options);
}

export type { Logger } from 'pino';

/** Paths pino blanks out wherever they appear in a log object. */
const REDACT_PATHS = [
  'token',
  '*.token',
  'discordToken',
  '*.discordToken',
  'authorization',
  '*.authorization',
  'headers.authorization',
  '*.headers.authorization',
];

/** Interaction and webhook tokens in REST URLs (discord.js errors log `url`): each is a credential for 15 minutes. */
const URL_TOKENS = /(\/(?:interactions|webhooks)\/\d+\/)[^/?\s"\\]+/g;

export interface LoggerOptions {
  level: string;
  /** Strings that must never reach the log, whatever key or message they hide in (the bot token). */
  secrets?: ReadonlyArray<string | null>;
  /** Where lines go; default stderr (pretty when it is a terminal). Tests pass a collector. */
  destination?: NodeJS.WritableStream;
}

/**
 * pino, to stderr so stdout stays clean for the CLI's JSON. Besides redacting known keys, every line
 * is scrubbed of the secrets themselves (a token inside an error message has no key to redact) and of
 * interaction tokens in URLs.
 */
export function createLogger(options: LoggerOptions): Logger {
  const secrets = (options.secrets ?? []).filter((s): s is string => typeof s === 'string' && s.length >= 8);
  const target =
    options.destination ??
    (process.stderr.isTTY
      ? pretty({ destination: 2, sync: true, colorize: true, translateTime: 'SYS:HH:MM:ss' })
      : process.stderr);
  const scrub = (line: string): string =>
    secrets.reduce((text, s) => text.split(s).join('[REDACTED]'), line).replace(URL_TOKENS, '$1[REDACTED]');
  const stream = new Writable({
    write(chunk: Buffer | string, _enc, done) {
      target.write(scrub(chunk.toString()));
      done();
    },
  });
  return pino(
    { level: options.level, redact: { paths: REDACT_PATHS, censor: '[REDACTED]' }, base: { pid: process.pid } },
    stream,
  );
}
