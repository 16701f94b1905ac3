import { UserFacingError } from '../errors.ts';

/**
 * What a failed file-system call means for a moderator, by errno: a full disk, a read-only volume or a
 * missing permission is something the operator fixes, not a bug in the bot. Codes: `corpus.diskFull`,
 * `corpus.readOnly`, `corpus.permission`; null for anything else.
 */
export function fsErrorCode(err: unknown): string | null {
  switch ((err as NodeJS.ErrnoException | null)?.code) {
    case 'ENOSPC':
    case 'EDQUOT':
      return 'corpus.diskFull';
    case 'EROFS':
      return 'corpus.readOnly';
    case 'EACCES':
    case 'EPERM':
      return 'corpus.permission';
    default:
      return null;
  }
}

const WORDS: Record<string, string> = {
  'corpus.diskFull': 'the disk holding the corpus is full',
  'corpus.readOnly': 'the corpus is on a read-only file system',
  'corpus.permission': 'the bot is not allowed to write in the corpus directory',
};

/** A file-system failure as a UserFacingError (English; src/discord translates by code), or the error itself. */
export function asUserFacing(err: unknown, doing: string): unknown {
  const code = fsErrorCode(err);
  if (!code) return err;
  return new UserFacingError(code, `could not ${doing}: ${WORDS[code]}. Nothing was changed.`, { cause: err });
}

/** Why a file or folder could not be read, in words (for the list of skipped files). */
export function unreadableReason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  if (code === 'EACCES' || code === 'EPERM') return 'cannot be read (permission denied): skipped';
  if (code === 'ELOOP') return 'is a loop of symbolic links: skipped';
  return `cannot be read (${code ?? 'unknown error'}): skipped`;
}
