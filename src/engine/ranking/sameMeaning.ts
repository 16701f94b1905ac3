import { plainSensesOf, sameSenseTable, sameSenseTableSteps, warmUpChineseSteps } from '../lexicon/chineseEnglish.ts';
import { warmUpDictionarySteps } from '../lexicon/dictionary.ts';
import { warmUpReadings } from '../lexicon/readings.ts';
import type { QueryUnit } from '../question.ts';
import { hasTerm, type SearchIndex } from '../searchIndex.ts';
import { pushBigrams } from '../tokenize.ts';
import { hanAlternative, MAX_FORMS, type IndexKey } from './forms.ts';

/**
 * Words of the same meaning through CC-CEDICT: the corpus's Han words that share a short English sense
 * with a question's word (改名 and 重命名 are both "to rename"), from a table built once per index.
 */

/** A sense shared by more of the corpus's words than this is too broad to make them the same word. Design: on the
 * tune halves 4 and 8 scored as no limit, 2 lost manpages answers. */
const MAX_SHARING_WORDS = 4;

/** Same-meaning Chinese words are looked for only in a corpus with at least this share of Han letters. */
export const MIN_HAN_SHARE_FOR_MEANINGS = 0.3;

/** Plain English sense → the corpus's Han words with it, built once per index on first use. */
const sameSenseIndex = new WeakMap<IndexKey, Map<string, string[]>>();

/** Indexes whose tables are being built in steps by {@link sameMeaningWarmUp}: questions meanwhile go without. */
const warming = new WeakSet<IndexKey>();

/** A word of the corpus: two characters or more, every bigram of it in the index. */
function corpusWord(index: SearchIndex, han: string): boolean {
  if (han.length < 2 || han.length > 6) return false;
  const terms: string[] = [];
  pushBigrams(han, terms);
  return terms.length > 0 && terms.every((t) => hasTerm(index, t));
}

function sameSenses(index: SearchIndex): Map<string, string[]> | null {
  let table = sameSenseIndex.get(index.passages);
  if (table) return table;
  if (warming.has(index.passages)) return null;
  table = sameSenseTable((han) => corpusWord(index, han));
  sameSenseIndex.set(index.passages, table);
  return table;
}

/**
 * Part of expand.ts's expansionWarmUp, as small steps: pinyin-pro and CC-CEDICT's two indexes (once per
 * process) and this corpus's same-meaning table. Until it is done, questions are expanded without that table.
 */
export function sameMeaningWarmUp(index: SearchIndex): Generator<void, void, void> {
  if (!sameSenseIndex.has(index.passages)) warming.add(index.passages);
  return (function* () {
    try {
      warmUpReadings();
      yield;
      yield* warmUpDictionarySteps();
      yield* warmUpChineseSteps();
      if (index.hanShare() >= MIN_HAN_SHARE_FOR_MEANINGS && !sameSenseIndex.has(index.passages)) {
        sameSenseIndex.set(index.passages, yield* sameSenseTableSteps((han) => corpusWord(index, han)));
      }
    } finally {
      warming.delete(index.passages);
    }
  })();
}

/** A Han unit gets the corpus's words that share a plain English sense with it (改名, 重命名: "to rename"). */
export function withSameMeaning(index: SearchIndex, unit: QueryUnit, credit: number): QueryUnit {
  if (credit === 0 || unit.kind !== 'han' || unit.name || Array.from(unit.text).length < 2) return unit;
  // While the table is being prepared the unit goes without: no need to read the dictionary for it either.
  if (warming.has(index.passages)) return unit;
  const senses = plainSensesOf(unit.text);
  if (senses.length === 0) return unit;
  const table = sameSenses(index);
  if (table === null) return unit;
  const found = new Set<string>();
  for (const sense of senses) {
    const words = table.get(sense) ?? [];
    // A sense many of the corpus's words share ("work": 工作, 作业, 作品, 事务 …) says little about any of them.
    if (words.length > MAX_SHARING_WORDS) continue;
    for (const word of words) {
      if (word !== unit.text && !unit.alternatives.some((a) => a.text === word)) found.add(word);
    }
  }
  if (found.size === 0) return unit;
  const meanings = [...found].slice(0, MAX_FORMS).map((w) => hanAlternative(w, credit, 'meaning'));
  return { ...unit, alternatives: [...unit.alternatives, ...meanings] };
}
