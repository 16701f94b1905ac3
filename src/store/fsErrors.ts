import { UserFacingError } from '../errors.ts';
import type { Message } from '../words/index.ts';

/** The codes of file-system failures a moderator can have fixed (src/words/ says them). */
export type FsErrorCode = 'corpus.diskFull' | 'corpus.readOnly' | 'corpus.permission';

/**
 * What a failed file-system call means for a moderator, by errno: a full disk, a read-only volume or a
 * missing permission is something the operator fixes, not a bug in the bot. Codes: `corpus.diskFull`,
 * `corpus.readOnly`, `corpus.permission`; null for anything else.
 */
export function fsErrorCode(err: unknown): FsErrorCode | null {
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

/** A file-system failure as a UserFacingError (its code says which), or the error itself. */
export function asUserFacing(err: unknown): unknown {
  const code = fsErrorCode(err);
  if (!code) return err;
  return new UserFacingError(code, {}, { cause: err });
}

/** Why a file or folder could not be read (for the list of skipped files). */
export function unreadableReason(err: unknown): Message {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  if (code === 'EACCES' || code === 'EPERM') return { key: 'problem.permission', params: {} };
  if (code === 'ELOOP') return { key: 'problem.loop', params: {} };
  return { key: 'problem.unreadable', params: { detail: code ?? 'unknown error' } };
}
