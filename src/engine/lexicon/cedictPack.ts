/**
 * What the engine keeps of CC-CEDICT (see cedict.ts for the data and its licence): each Han headword with
 * short senses, in the dictionary's order, as a few strings and offset arrays instead of 100,000 small
 * strings; and the same as one file (`npm run build` writes it, cedict.ts reads it), so that start-up reads
 * ~7 MB of it instead of scanning the 11 MB source.
 *
 * File layout (little-endian): the magic, the header's byte length and the header (JSON: what it was built
 * from, see cedict.ts), padded to 4 bytes; then the counts (entries, senses, head bytes, sense bytes); then
 * headStarts, firstSense, senseStarts and byHead as u32 arrays; then the heads' and the senses' bytes.
 */
import { UnusablePack, corrupt, framedBuffer, readFrame } from './packFrame.ts';

export { UnusablePack };

/** CC-CEDICT's entries with short senses, in the dictionary's order. */
export interface Cedict {
  /** Number of entries. */
  count: number;
  /** Every entry's simplified headword (the latin1 view of its UTF-8 bytes), one after another. */
  heads: string;
  /** Where each entry's headword starts in `heads`, and one past the end: count + 1 offsets. */
  headStarts: Uint32Array;
  /** '|' + every entry's senses, in order, each followed by '|' (as written, not lower-cased). */
  senses: string;
  /** Where each sense starts in `senses`, and one past the end: senses + 1 offsets. */
  senseStarts: Uint32Array;
  /** Entry e's senses are numbers firstSense[e] to firstSense[e + 1] - 1: count + 1 offsets. */
  firstSense: Uint32Array;
  /** The entries ordered by headword (as bytes), entries of one headword in the dictionary's order. */
  byHead: Uint32Array;
}

const MAGIC = 'WDCEDICT';

/** Collects entries as a scan visits them, then packs them into a {@link Cedict}. */
export class CedictBuilder {
  private readonly heads: string[] = [];
  private readonly senses: string[] = [];
  private readonly firstSense: number[] = [0];

  add(head: string, senses: readonly string[]): void {
    this.heads.push(head);
    for (const sense of senses) this.senses.push(sense);
    this.firstSense.push(this.senses.length);
  }

  finish(): Cedict {
    const count = this.heads.length;
    const headStarts = offsetsOf(this.heads, 0, 0);
    const senseStarts = offsetsOf(this.senses, 1, 1);
    // join() copies into one new string: nothing kept refers to the scanned file's text.
    const heads = this.heads.join('');
    const senses = `|${this.senses.map((sense) => `${sense}|`).join('')}`;
    const byHead = Uint32Array.from(this.heads.keys());
    const names = this.heads;
    byHead.sort((a, b) => (names[a]! < names[b]! ? -1 : names[a]! > names[b]! ? 1 : a - b));
    return { count, heads, headStarts, senses, senseStarts, firstSense: Uint32Array.from(this.firstSense), byHead };
  }
}

/** Offsets of strings laid end to end from `start`, each followed by `gap` characters, and one past the end. */
function offsetsOf(parts: readonly string[], start: number, gap: number): Uint32Array {
  const out = new Uint32Array(parts.length + 1);
  let at = start;
  parts.forEach((part, i) => {
    out[i] = at;
    at += part.length + gap;
  });
  out[parts.length] = at;
  return out;
}

/** Entry e's headword, as the latin1 view of its UTF-8 bytes. */
export function headOf(c: Cedict, e: number): string {
  return c.heads.slice(c.headStarts[e], c.headStarts[e + 1]);
}

/** Sense s as written. */
export function senseAt(c: Cedict, s: number): string {
  return c.senses.slice(c.senseStarts[s], c.senseStarts[s + 1]! - 1);
}

/** The senses of every entry of this headword (latin1 view of UTF-8), in the dictionary's order; [] if none. */
export function sensesOfHead(c: Cedict, head: string): string[] {
  let lo = 0;
  let hi = c.count;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (headOf(c, c.byHead[mid]!) < head) lo = mid + 1;
    else hi = mid;
  }
  const out: string[] = [];
  for (let i = lo; i < c.count && headOf(c, c.byHead[i]!) === head; i++) {
    const e = c.byHead[i]!;
    for (let s = c.firstSense[e]!; s < c.firstSense[e + 1]!; s++) out.push(senseAt(c, s));
  }
  return out;
}

/** Per entry: 1 when it is the first entry of its headword in the dictionary's order. */
export function firstOfHead(c: Cedict): Uint8Array {
  const first = new Uint8Array(c.count);
  for (let i = 0; i < c.count; i++) {
    if (i === 0 || headOf(c, c.byHead[i]!) !== headOf(c, c.byHead[i - 1]!)) first[c.byHead[i]!] = 1;
  }
  return first;
}

/** The file's bytes: `header` says what the entries were built from (compared on reading). */
export function packCedict(c: Cedict, header: string): Buffer {
  const arrays = [c.headStarts, c.firstSense, c.senseStarts, c.byHead];
  const arraysBytes = arrays.reduce((sum, a) => sum + a.byteLength, 0);
  const counts = [c.count, c.senseStarts.length - 1, c.heads.length, c.senses.length];
  const frame = framedBuffer(MAGIC, header, counts, arraysBytes + c.heads.length + c.senses.length);
  const { out } = frame;
  let { at } = frame;
  for (const a of arrays) {
    Buffer.from(a.buffer, a.byteOffset, a.byteLength).copy(out, at);
    at += a.byteLength;
  }
  at += out.write(c.heads, at, 'latin1');
  out.write(c.senses, at, 'latin1');
  return out;
}

/** The entries in a file's bytes; throws {@link UnusablePack} when they were built from something else or are damaged. */
export function unpackCedict(bytes: Buffer, header: string): Cedict {
  const frame = readFrame(bytes, MAGIC, header, 4, 'a packed dictionary');
  const [count, senses, headBytes, senseBytes] = frame.counts as [number, number, number, number];
  let { at } = frame;
  const expected = at + 4 * (3 * count + senses + 3) + headBytes + senseBytes;
  if (expected !== bytes.length) corrupt(`${bytes.length} bytes, the counts say ${expected}`);
  const array = (length: number): Uint32Array => {
    // A copy: the file's buffer need not be aligned for a view, and the strings below are copies too.
    const a = new Uint32Array(length);
    Buffer.from(a.buffer).set(bytes.subarray(at, at + 4 * length));
    at += 4 * length;
    return a;
  };
  const headStarts = array(count + 1);
  const firstSense = array(count + 1);
  const senseStarts = array(senses + 1);
  const byHead = array(count);
  const heads = bytes.toString('latin1', at, at + headBytes);
  const senseText = bytes.toString('latin1', at + headBytes, at + headBytes + senseBytes);
  const c: Cedict = { count, heads, headStarts, senses: senseText, senseStarts, firstSense, byHead };
  const problem = inconsistency(c);
  if (problem) corrupt(problem);
  return c;
}

/** What makes entries unusable (offsets out of order or out of range), or null. */
function inconsistency(c: Cedict): string | null {
  const ascending = (a: Uint32Array, last: number): boolean => {
    for (let i = 1; i < a.length; i++) if (a[i]! < a[i - 1]!) return false;
    return a[a.length - 1] === last;
  };
  if (c.headStarts[0] !== 0 || !ascending(c.headStarts, c.heads.length)) return 'headword offsets out of order';
  if (c.firstSense[0] !== 0 || !ascending(c.firstSense, c.senseStarts.length - 1)) return 'sense numbers out of order';
  if (c.senseStarts[0] !== 1 || !ascending(c.senseStarts, c.senses.length)) return 'sense offsets out of order';
  const seen = new Uint8Array(c.count);
  for (const e of c.byHead) {
    if (e >= c.count || seen[e] === 1) return 'headword order is not a permutation';
    seen[e] = 1;
  }
  return null;
}
