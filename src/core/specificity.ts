import { idf as idfTable } from '@node-rs/jieba/dict.js';

/**
 * How specific a word is in general Chinese, from jieba's IDF table (about 270,000 words): 以前 5.3,
 * 技术 4.7, 截图 11.5. A question's common words (以前, 负责, 需要) then weigh little whether or not the
 * corpus has them, while rare words, names and terms jieba does not know (贾扬清, GPT-4) weigh most.
 *
 * The table is kept as one sorted string with offsets and a Float32Array (about 3 MB) rather than a
 * Map of 270,000 strings (measured: 67 MB of RSS), and searched by bisection.
 */
interface Table {
  words: string;
  starts: Uint32Array;
  values: Float32Array;
}

let table: Table | undefined;

/** The weight of a word jieba's table does not know: close to the table's median, i.e. specific. */
export const UNKNOWN_WORD_IDF = 11.7;

function load(): Table {
  const entries: Array<[string, number]> = [];
  for (const line of new TextDecoder().decode(idfTable).split('\n')) {
    const space = line.lastIndexOf(' ');
    if (space > 0) entries.push([line.slice(0, space), Number(line.slice(space + 1))]);
  }
  entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const starts = new Uint32Array(entries.length + 1);
  const values = new Float32Array(entries.length);
  let offset = 0;
  entries.forEach(([word, value], i) => {
    starts[i] = offset;
    values[i] = value;
    offset += word.length;
  });
  starts[entries.length] = offset;
  return { words: entries.map(([w]) => w).join(''), starts, values };
}

/** General-language IDF of a normalised (simplified, lower-case) word. */
export function generalIdf(word: string): number {
  table ??= load();
  const { words, starts, values } = table;
  let lo = 0;
  let hi = values.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const key = words.slice(starts[mid], starts[mid + 1]);
    if (key === word) return values[mid]!;
    if (key < word) lo = mid + 1;
    else hi = mid - 1;
  }
  return UNKNOWN_WORD_IDF;
}

/** Loads the table now (at start-up) rather than on the first question. */
export function warmUpSpecificity(): void {
  generalIdf('');
}
