import { corrupt, framedBuffer, openPack, readFrame } from './lexicon/packFrame.ts';
import { jiebaIdfSource, packedIdfFile, readJiebaFile, readPackedIdf } from './lexicon/jiebaData.ts';

/**
 * How specific a word is in general Chinese, from jieba's IDF table (about 270,000 words): 以前 5.3,
 * 技术 4.7, 截图 11.5. A question's common words (以前, 负责, 需要) then weigh little whether or not the
 * corpus has them, while rare words, names and terms jieba does not know (贾扬清, GPT-4) weigh most.
 *
 * The table is the words sorted, in one string, with their offsets and a Float32Array of weights, searched
 * by binary search (about 3.5 MB) rather than a Map of 270,000 strings (measured: 67 MB of RSS). Sorting
 * costs ~0.5 s, so `npm run build` sorts once and writes the table to node_modules/.cache/wenda-bot/idf.bin
 * (src/cli/packDictionary.ts), which start-up reads in milliseconds; without a usable file the table is
 * built from idf.txt (and {@link idfSource} says why).
 */
export interface IdfTable {
  /** The words, sorted by UTF-16 code units (a word listed twice: its first weight first), end to end. */
  words: string;
  /** Where each word starts in `words`, and one past the end. */
  starts: Uint32Array;
  values: Float32Array;
}

/** Where the process's table came from: the derived file, or idf.txt and why the file was not used. */
export type IdfSource =
  | { from: 'pack'; file: string }
  | { from: 'text'; file: string; reason: 'missing' | 'stale' | 'corrupt'; detail: string };

let table: IdfTable | undefined;
let source: IdfSource | undefined;

/** The weight of a word jieba's table does not know: close to the table's median, i.e. specific. */
export const UNKNOWN_WORD_IDF = 11.7;

/** jieba's idf.txt ("word weight" lines) as a table. */
export function idfTableOf(text: string): IdfTable {
  const words: string[] = [];
  const weights: number[] = [];
  let at = 0;
  while (at < text.length) {
    let end = text.indexOf('\n', at);
    if (end < 0) end = text.length;
    const space = text.lastIndexOf(' ', end);
    if (space > at) {
      words.push(text.slice(at, space));
      weights.push(Number(text.slice(space + 1, end)));
    }
    at = end + 1;
  }
  const order = Array.from(words.keys());
  order.sort((a, b) => (words[a]! < words[b]! ? -1 : words[a]! > words[b]! ? 1 : a - b));
  const starts = new Uint32Array(words.length + 1);
  let offset = 0;
  order.forEach((w, i) => {
    starts[i] = offset;
    offset += words[w]!.length;
  });
  starts[words.length] = offset;
  return {
    words: order.map((w) => words[w]!).join(''),
    starts,
    values: Float32Array.from(order, (w) => weights[w]!),
  };
}

const MAGIC = 'WDIDF001';

/** The table as a file's bytes (packFrame.ts's frame): counts, then the offsets, the weights and the words. */
export function packIdf(t: IdfTable, header: string): Buffer {
  const count = t.values.length;
  const frame = framedBuffer(MAGIC, header, [count, t.words.length], 4 * (count + 1) + 4 * count + 2 * t.words.length);
  const { out } = frame;
  let { at } = frame;
  for (const a of [t.starts, t.values]) {
    Buffer.from(a.buffer, a.byteOffset, a.byteLength).copy(out, at);
    at += a.byteLength;
  }
  out.write(t.words, at, 'utf16le');
  return out;
}

/** The table in a file's bytes; throws {@link UnusablePack} when built from something else or damaged. */
export function unpackIdf(bytes: Buffer, header: string): IdfTable {
  const frame = readFrame(bytes, MAGIC, header, 2, 'an IDF table');
  const [count, chars] = frame.counts as [number, number];
  let { at } = frame;
  const expected = at + 4 * (count + 1) + 4 * count + 2 * chars;
  if (expected !== bytes.length) corrupt(`${bytes.length} bytes, the counts say ${expected}`);
  // Copies: the file's buffer need not be aligned for views.
  const starts = new Uint32Array(count + 1);
  Buffer.from(starts.buffer).set(bytes.subarray(at, at + starts.byteLength));
  at += starts.byteLength;
  const values = new Float32Array(count);
  Buffer.from(values.buffer).set(bytes.subarray(at, at + values.byteLength));
  at += values.byteLength;
  const words = bytes.toString('utf16le', at, at + 2 * chars);
  for (let i = 0; i < count; i++) if (starts[i + 1]! <= starts[i]!) corrupt('word offsets out of order');
  if (starts[0] !== 0 || starts[count] !== chars) corrupt('word offsets out of range');
  return { words, starts, values };
}

/** The table from `file` when it was built from the installed idf.txt, else built from idf.txt (saying why). */
export function readIdfTable(file: string): { table: IdfTable; source: IdfSource } {
  const read = openPack(
    () => readPackedIdf(file),
    (bytes) => unpackIdf(bytes, jiebaIdfSource()),
  );
  if ('value' in read) return { table: read.value, source: { from: 'pack', file } };
  const table = idfTableOf(new TextDecoder().decode(readJiebaFile('idf.txt')));
  return { table, source: { from: 'text', file, ...read } };
}

function load(): IdfTable {
  const read = readIdfTable(packedIdfFile());
  source = read.source;
  return read.table;
}

/** Compares `word` with words[start, end) by UTF-16 code units. */
function compareAt(words: string, start: number, end: number, word: string): number {
  const n = Math.min(end - start, word.length);
  for (let i = 0; i < n; i++) {
    const d = words.charCodeAt(start + i) - word.charCodeAt(i);
    if (d !== 0) return d;
  }
  return end - start - word.length;
}

/** General-language IDF of a normalised (simplified, lower-case) word. */
export function generalIdf(word: string): number {
  table ??= load();
  return idfIn(table, word);
}

/** A word's weight in a table, or {@link UNKNOWN_WORD_IDF}. */
export function idfIn(t: IdfTable, word: string): number {
  const { words, starts, values } = t;
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareAt(words, starts[mid]!, starts[mid + 1]!, word) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo < values.length && compareAt(words, starts[lo]!, starts[lo + 1]!, word) === 0
    ? values[lo]!
    : UNKNOWN_WORD_IDF;
}

/** Loads the table now (at start-up) rather than on the first question. */
export function warmUpSpecificity(): void {
  generalIdf('');
}

/** Where the process's table came from, or null before it is loaded. */
export function idfSource(): IdfSource | null {
  return source ?? null;
}
