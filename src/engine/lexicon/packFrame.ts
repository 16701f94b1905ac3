/**
 * The frame both packed lexicon files share (cedictPack.ts, specificity.ts): an 8-byte magic, the header's
 * length and the header (what the file was built from, compared on reading), padded to 4 bytes, then `counts`
 * 32-bit numbers and the file's own arrays.
 */

import { join } from 'node:path';

/** Why a file's bytes are not what `header` says they were built from. */
export class UnusablePack extends Error {
  readonly reason: 'stale' | 'corrupt';

  constructor(reason: 'stale' | 'corrupt', detail: string) {
    super(detail);
    this.reason = reason;
  }
}

const align4 = (n: number): number => (n + 3) & ~3;

/** A buffer of the frame with room for `bodyBytes` after the counts; the counts are written, the body is the caller's. */
export function framedBuffer(
  magic: string,
  header: string,
  counts: readonly number[],
  bodyBytes: number,
): { out: Buffer; at: number } {
  const headerBytes = Buffer.from(header, 'utf8');
  let at = align4(magic.length + 4 + headerBytes.length);
  const out = Buffer.alloc(at + 4 * counts.length + bodyBytes);
  out.write(magic, 0, 'latin1');
  out.writeUInt32LE(headerBytes.length, magic.length);
  headerBytes.copy(out, magic.length + 4);
  for (const n of counts) {
    out.writeUInt32LE(n, at);
    at += 4;
  }
  return { out, at };
}

/** Throws {@link UnusablePack} 'corrupt' with this detail. */
export function corrupt(detail: string): never {
  throw new UnusablePack('corrupt', detail);
}

/**
 * Checks a file's frame (`what` names the kind of file in the error) and returns its `counts` numbers and
 * where the body starts; throws {@link UnusablePack} when the file is of another kind, damaged, or stale.
 */
export function readFrame(
  bytes: Buffer,
  magic: string,
  header: string,
  counts: number,
  what: string,
): { counts: number[]; at: number } {
  if (bytes.length < magic.length + 4 || bytes.toString('latin1', 0, magic.length) !== magic) corrupt(`not ${what}`);
  const headerLength = bytes.readUInt32LE(magic.length);
  const headerEnd = align4(magic.length + 4 + headerLength);
  if (headerEnd + 4 * counts > bytes.length) corrupt('truncated header');
  const written = bytes.toString('utf8', magic.length + 4, magic.length + 4 + headerLength);
  if (written !== header) throw new UnusablePack('stale', `built from ${written}, now ${header}`);
  const numbers = Array.from({ length: counts }, (_, i) => bytes.readUInt32LE(headerEnd + 4 * i));
  return { counts: numbers, at: headerEnd + 4 * counts };
}

/** Where `npm run build` writes a packed file: `.cache/wenda-bot/` in the node_modules folder given. */
export function packedFileIn(nodeModules: string, name: string): string {
  return join(nodeModules, '.cache', 'wenda-bot', name);
}

/** A packed file's contents, or why they are not used: no file, built from something else, or damaged. */
export type PackRead<T> = { value: T } | { reason: 'missing' | 'stale' | 'corrupt'; detail: string };

/** Reads a packed file with `read` and unpacks it; any failure is a reason to compute the contents instead. */
export function openPack<T>(read: () => Buffer, unpack: (bytes: Buffer) => T): PackRead<T> {
  const detail = (err: unknown): string => (err instanceof Error ? err.message : String(err));
  let bytes: Buffer;
  try {
    bytes = read();
  } catch (err) {
    const missing = (err as NodeJS.ErrnoException).code === 'ENOENT';
    return { reason: missing ? 'missing' : 'corrupt', detail: detail(err) };
  }
  try {
    return { value: unpack(bytes) };
  } catch (err) {
    return { reason: err instanceof UnusablePack ? err.reason : 'corrupt', detail: detail(err) };
  }
}
