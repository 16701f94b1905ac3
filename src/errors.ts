/**
 * Two kinds of error. A UserFacingError is something the user can fix (an empty question, a bad file,
 * a missing permission): its message is shown to them as it is. Anything else is a bug: logged with its
 * stack, and the user gets a generic apology.
 */
export class UserFacingError extends Error {
  /** A stable code for tests, logs and translations, e.g. `question.empty`. */
  readonly code: string;
  constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'UserFacingError';
    this.code = code;
  }
}

export function isUserFacing(err: unknown): err is UserFacingError {
  return err instanceof UserFacingError;
}

/** A one-line description of any thrown value, for places that must not print a stack. */
export function describeError(err: unknown): string {
  if (err instanceof Error) return err.message.split('\n')[0] ?? err.name;
  return String(err);
}
