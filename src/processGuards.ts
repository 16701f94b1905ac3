import type { Logger } from './logger.ts';

/** Exit code after an uncaught exception or unhandled rejection (a supervisor restarts on it). */
export const CRASH_EXIT_CODE = 1;

/**
 * Crash like a service: an uncaught exception or an unhandled rejection is logged once, at fatal, and
 * the process exits at once with a non-zero code, so systemd or pm2 restarts it from a known state
 * instead of it running on with half-finished work. The log line is written synchronously (stderr to
 * a file or pipe is synchronous on Linux), before `process.exit`. A second fault while crashing only
 * exits.
 */
export function exitOnCrash(logger: Logger): void {
  let crashing = false;
  const crash = (err: unknown, msg: string): void => {
    if (!crashing) {
      crashing = true;
      try {
        logger.fatal({ err }, msg);
      } catch {
        // The log itself is broken (stderr closed): exiting is all that is left.
      }
    }
    process.exit(CRASH_EXIT_CODE);
  };
  process.on('uncaughtException', (err) => crash(err, 'uncaught exception: exiting'));
  process.on('unhandledRejection', (reason) => crash(reason, 'unhandled promise rejection: exiting'));
}

/**
 * A closed stdout or stderr (`npm start | head -5`, a log shipper that died) ends the process instead
 * of every failed write raising again. stdout gone means the reader has finished (exit 0, as `head`
 * expects); stderr gone means the log is lost, which a supervisor should see as a failure (exit 1).
 */
export function exitOnBrokenPipe(): void {
  process.stdout.on('error', (err: NodeJS.ErrnoException) => process.exit(err.code === 'EPIPE' ? 0 : 1));
  process.stderr.on('error', () => process.exit(1));
}
