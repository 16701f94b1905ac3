import { describeError, isUserFacing } from '../errors.ts';

/** Thrown for bad command-line usage: exit code 2 with the usage line. */
export class UsageError extends Error {}

/**
 * Runs a CLI's main function with the exit codes of the CLI contract: 0 done, 2 bad usage,
 * 1 runtime failure — each failure as one line on stderr, never a stack trace (set DEBUG=1 for one).
 * `main` may be sync or async; a number it returns (or resolves to) is the exit code, anything else means 0.
 */
export async function runMain(usage: string, main: () => unknown): Promise<void> {
  try {
    const code = await main();
    if (typeof code === 'number') process.exitCode = code;
  } catch (err) {
    if (process.env.DEBUG) console.error(err);
    if (err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      console.error(`${describeError(err)}\n${usage}`);
      process.exitCode = 2;
    } else if (isUserFacing(err)) {
      console.error(err.message);
      process.exitCode = err.code.startsWith('question.') ? 2 : 1;
    } else {
      console.error(`error: ${describeError(err)}`);
      process.exitCode = 1;
    }
  }
}
