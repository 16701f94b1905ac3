import { idf as idfTable } from '@node-rs/jieba/dict.js';

/**
 * How specific a word is in general Chinese, from jieba's IDF table (about 270,000 words): 以前 5.3,
 * 技术 4.7, 截图 11.5. A question's common words (以前, 负责, 需要) then weigh little whether or not the
 * corpus has them, while rare words, names and terms jieba does not know (贾扬清, GPT-4) weigh most.
 */
let table: Map<string, number> | undefined;

/** The weight of a word jieba's table does not know: close to the table's median, i.e. specific. */
export const UNKNOWN_WORD_IDF = 11.7;

function load(): Map<string, number> {
  const map = new Map<string, number>();
  for (const line of new TextDecoder().decode(idfTable).split('\n')) {
    const space = line.lastIndexOf(' ');
    if (space > 0) map.set(line.slice(0, space), Number(line.slice(space + 1)));
  }
  return map;
}

/** General-language IDF of a normalised (simplified, lower-case) word. */
export function generalIdf(word: string): number {
  table ??= load();
  return table.get(word) ?? UNKNOWN_WORD_IDF;
}

/** Loads the table now (at start-up) rather than on the first question. */
export function warmUpSpecificity(): void {
  generalIdf('');
}
