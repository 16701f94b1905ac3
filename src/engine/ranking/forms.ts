import type { Alternative } from '../question.ts';
import type { SearchIndex } from '../searchIndex.ts';
import { pushBigrams } from '../tokenize.ts';

/** At most this many Han forms are tried for one romanised name, typo or meaning. */
export const MAX_FORMS = 4;

/**
 * Per-index tables are kept by the index's passages: the copies of one index the library serves (with
 * other synonyms) share them, so a synonyms edit does not rebuild them.
 */
export type IndexKey = SearchIndex['passages'];

/** Another Han form of a unit, searched by its bigrams. */
export function hanAlternative(text: string, credit: number, via: Alternative['via']): Alternative {
  const terms: string[] = [];
  pushBigrams(text, terms);
  return { text, terms, credit, via };
}
