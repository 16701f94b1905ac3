import { createHmac, randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The file in DATA_DIR that holds the key user ids are hashed with. */
export const KEY_FILE = 'query-log.key';

/**
 * The secret for hashing user ids, created on first use (32 random bytes, hex, mode 0600). A keyed
 * hash rather than a plain one: Discord ids are sequential snowflakes, so sha256(id) is reversed by
 * hashing every plausible id; without the key the log cannot be joined back to accounts, yet one
 * member's questions still count as one member's.
 */
export function loadOrCreateKey(dataDir: string): Buffer {
  // Private when we create it; an existing directory keeps the mode its operator gave it.
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = join(dataDir, KEY_FILE);
  let existing: string | null = null;
  try {
    existing = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  // An empty file is a key whose write never finished (a full disk at first start, before keys were
  // written whole): no row was hashed with it, so it is replaced rather than keeping the log off.
  if (existing !== null && existing.trim() === '') rmSync(file, { force: true });
  if (existing === null || existing.trim() === '') {
    // Written whole to a temp file, then linked into place: the key file exists complete or not at all,
    // and link fails when it exists, so two processes starting at once cannot overwrite each other's key.
    const tmp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      writeFileSync(tmp, `${randomBytes(32).toString('hex')}\n`, { flag: 'wx', mode: 0o600 });
      linkSync(tmp, file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    } finally {
      rmSync(tmp, { force: true });
    }
  }
  const hex = readFileSync(file, 'utf8').trim();
  if (!/^[0-9a-f]{64}$/i.test(hex))
    throw new Error(
      `${file} is not a 64-digit hex key: delete it to start a new one (old rows then no longer match new ones)`,
    );
  return Buffer.from(hex, 'hex');
}

/** A function from a Discord user id to its keyed hash: 32 hex digits (128 bits, ample against collisions). */
export function userHasher(key: Buffer): (userId: string) => string {
  return (userId) => createHmac('sha256', key).update(userId).digest('hex').slice(0, 32);
}
