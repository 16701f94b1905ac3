import { createHash } from 'node:crypto';
import { MAX_CUSTOM_ID } from './limits.ts';

/**
 * Button state lives in the custom id, not in memory, so buttons keep working after a restart.
 * The question itself is too long for a custom id (100 characters): it travels in the answer's
 * first embed footer, which the handler reads back from the message the button is on.
 */
export type ButtonAction =
  | { kind: 'more'; offset: number; count: number }
  | { kind: 'source'; ref: string }
  | { kind: 'share' }
  | { kind: 'feedback'; vote: 'up' | 'down' }
  | { kind: 'teach'; what: 'faq' | 'synonym' };

/** Custom ids of the moderators' forms (modals) opened from the mod log. */
export const FAQ_MODAL_ID = 'wd:modal:faq';
export const SYNONYM_MODAL_ID = 'wd:modal:syn';

const PREFIX = 'wd';

/** A passage id short enough for a custom id: itself, or "h:" + a hash prefix when it is long. */
export function passageRef(id: string): string {
  return id.length <= 80 ? `i:${id}` : `h:${createHash('sha256').update(id).digest('hex').slice(0, 24)}`;
}

/** Whether a passage id is the one a ref names. */
export function refMatches(ref: string, id: string): boolean {
  return passageRef(id) === ref;
}

export function encodeAction(action: ButtonAction): string {
  let id: string;
  switch (action.kind) {
    case 'more':
      id = `${PREFIX}:more:${action.offset}:${action.count}`;
      break;
    case 'source':
      id = `${PREFIX}:src:${action.ref}`;
      break;
    case 'share':
      id = `${PREFIX}:share`;
      break;
    case 'feedback':
      id = `${PREFIX}:fb:${action.vote}`;
      break;
    case 'teach':
      id = `${PREFIX}:teach:${action.what}`;
  }
  if (id.length > MAX_CUSTOM_ID) throw new Error(`custom id over ${MAX_CUSTOM_ID} characters: ${id}`);
  return id;
}

/** Parses a custom id; anything malformed or forged is null (the caller says the button is stale). */
export function decodeAction(customId: string): ButtonAction | null {
  if (customId.length > MAX_CUSTOM_ID) return null;
  const parts = customId.split(':');
  if (parts[0] !== PREFIX) return null;
  switch (parts[1]) {
    case 'more': {
      const offset = Number(parts[2]);
      const count = Number(parts[3]);
      if (
        parts.length !== 4 ||
        !Number.isInteger(offset) ||
        !Number.isInteger(count) ||
        offset < 1 ||
        offset > 50 ||
        count < 1 ||
        count > 5
      )
        return null;
      return { kind: 'more', offset, count };
    }
    case 'src': {
      const ref = parts.slice(2).join(':');
      return /^(?:i:.{1,80}|h:[0-9a-f]{24})$/su.test(ref) ? { kind: 'source', ref } : null;
    }
    case 'share':
      return parts.length === 2 ? { kind: 'share' } : null;
    case 'fb':
      return parts.length === 3 && (parts[2] === 'up' || parts[2] === 'down')
        ? { kind: 'feedback', vote: parts[2] }
        : null;
    case 'teach':
      return parts.length === 3 && (parts[2] === 'faq' || parts[2] === 'synonym')
        ? { kind: 'teach', what: parts[2] }
        : null;
    default:
      return null;
  }
}
