import { message, say, sayMessage, type Lang, type Message, type WordKey, type WordParams } from './words/index.ts';

/**
 * Two kinds of error. A UserFacingError is something the user can fix (an empty question, a bad file,
 * a missing permission): a catalogue key with its parameters (src/words/), which each adapter says in
 * the user's language; its `message` is the English words, for logs and the command line. Anything
 * else is a bug: logged with its stack, and the user gets a generic apology.
 */
export class UserFacingError<K extends WordKey = WordKey> extends Error {
  /** A stable code for tests, logs and exit codes, e.g. `question.empty` (the key unless told otherwise). */
  readonly code: string;
  /** What to say: the catalogue key and its parameters. */
  readonly words: Message;
  constructor(key: K, params: WordParams<K>, options?: ErrorOptions & { code?: string }) {
    super(say('en', key, params), options);
    this.name = 'UserFacingError';
    this.code = options?.code ?? key;
    this.words = message(key, params);
  }

  /** An error from a message already made (one sent by a worker thread, or other words for the same code). */
  static of(code: string, words: Message, cause?: unknown): UserFacingError {
    return new UserFacingError(words.key, words.params, { code, cause });
  }

  /** The same error with other words (a document's problem with its file name in front), same code. */
  static reworded(err: UserFacingError, words: Message): UserFacingError {
    return UserFacingError.of(err.code, words, err);
  }
}

export function isUserFacing(err: unknown): err is UserFacingError {
  return err instanceof UserFacingError;
}

/** A user-facing error in a language. */
export function wordsOf(err: UserFacingError, lang: Lang): string {
  return sayMessage(lang, err.words);
}

/** What to say about any thrown value: a user-facing error's own words, anything else as `reindex.error`. */
export function messageOf(err: unknown): Message {
  return err instanceof UserFacingError ? err.words : { key: 'reindex.error', params: { detail: describeError(err) } };
}

/** A one-line description of any thrown value, for places that must not print a stack. */
export function describeError(err: unknown): string {
  if (err instanceof Error) return err.message.split('\n')[0] ?? err.name;
  return String(err);
}
