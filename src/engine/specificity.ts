import { readJiebaFile } from './lexicon/jiebaData.ts';

/**
 * How specific a word is in general Chinese, from jieba's IDF table (about 270,000 words): 以前 5.3,
 * 技术 4.7, 截图 11.5. A question's common words (以前, 负责, 需要) then weigh little whether or not the
 * corpus has them, while rare words, names and terms jieba does not know (贾扬清, GPT-4) weigh most.
 *
 * The table is kept as one string of all words, their offsets, a Float32Array of weights and an
 * open-addressing hash table of indexes (about 8 MB, built in ~100 ms) rather than a Map of 270,000
 * strings (measured: 67 MB of RSS) or a sorted array (~500 ms to sort at start-up).
 */
interface Table {
  words: string;
  starts: Uint32Array;
  values: Float32Array;
  /** Slot → entry index + 1 (0 = empty); size a power of two, at least twice the entries. */
  slots: Uint32Array;
}

let table: Table | undefined;

/** The weight of a word jieba's table does not know: close to the table's median, i.e. specific. */
export const UNKNOWN_WORD_IDF = 11.7;

/** FNV-1a over UTF-16 code units of text[start, end). */
function hashOf(text: string, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function load(): Table {
  const text = new TextDecoder().decode(readJiebaFile('idf.txt'));
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
  const joined = words.join('');
  const starts = new Uint32Array(words.length + 1);
  let offset = 0;
  words.forEach((w, i) => {
    starts[i] = offset;
    offset += w.length;
  });
  starts[words.length] = offset;
  let size = 1;
  while (size < words.length * 2) size <<= 1;
  const slots = new Uint32Array(size);
  for (let i = 0; i < words.length; i++) {
    let slot = hashOf(joined, starts[i]!, starts[i + 1]!) & (size - 1);
    while (slots[slot] !== 0) slot = (slot + 1) & (size - 1);
    slots[slot] = i + 1;
  }
  return { words: joined, starts, values: Float32Array.from(weights), slots };
}

/** General-language IDF of a normalised (simplified, lower-case) word. */
export function generalIdf(word: string): number {
  table ??= load();
  const { words, starts, values, slots } = table;
  const mask = slots.length - 1;
  for (let slot = hashOf(word, 0, word.length) & mask; slots[slot] !== 0; slot = (slot + 1) & mask) {
    const i = slots[slot]! - 1;
    const start = starts[i]!;
    if (starts[i + 1]! - start === word.length && words.startsWith(word, start)) return values[i]!;
  }
  return UNKNOWN_WORD_IDF;
}

/** Loads the table now (at start-up) rather than on the first question. */
export function warmUpSpecificity(): void {
  generalIdf('');
}
