import { documentFrequency, type SearchIndex } from '../searchIndex.ts';
import { UNKNOWN_WORD_IDF, generalIdf } from '../specificity.ts';
import type { AnalyzedQuestion, QueryUnit } from '../question.ts';
import type { RankingOptions } from './options.ts';

/** A question's unit with its weight: how much finding it in a passage counts. */
export interface WeightedUnit {
  unit: QueryUnit;
  weight: number;
}

/** A one- or two-digit number ("1", "60") says little on its own; a year or an amount says more. jieba IDF units. */
const SMALL_NUMBER_IDF = 3;
/** A number with at most a short unit after it: 100mb, 2024, 3pm, 1.5g. */
const QUANTITY = /^\d+(?:\.\d+)?[a-z]{0,3}$/;
/** Three Han characters or more that no dictionary knows weigh at least this (most often a name). jieba IDF units. */
const LIKELY_NAME_IDF = 9;
/** A name's characters weigh their average IDF times this (names are more specific than their characters). */
const NAME_CHARACTER_FACTOR = 1.3;

/** Rarity of a term in this corpus: BM25's idf, so a term in every passage weighs almost nothing. */
export function corpusIdf(index: SearchIndex, df: number): number {
  const n = index.passages.length;
  return Math.log(1 + (n - df + 0.5) / (df + 0.5));
}

/**
 * How specific a unit is in general: jieba's IDF for a word it knows. Characters glued together
 * (a name such as 贾扬清, or a phrase such as 变高) weigh what their characters weigh on average, and
 * a bit more from three characters on, as names are. An English word with Chinese equivalents is as
 * specific as the most common of them (question.ts), a romanised name as its Han form.
 */
export function specificity(unit: QueryUnit, ownFormUsed = true): number {
  if (unit.kind === 'word' && /^\d{1,2}$/.test(unit.text) && unit.terms.length === 1) return SMALL_NUMBER_IDF;
  // A romanised name is as specific as the Han name it reads as (shanghai as 上海, a common word).
  const romanised = unit.alternatives.filter((a) => a.via === 'romanised');
  if (unit.kind === 'word' && romanised.length > 0) return Math.max(...romanised.map((a) => hanSpecificity(a.text)));
  // A word the corpus uses as it is (a command such as find in manual pages) is as specific as the
  // translations it shares with the corpus; one it never uses, as its most common meaning.
  const translations = unit.alternatives.filter((a) => a.via === 'translation' && !a.lowRanked);
  if (unit.kind === 'word' && ownFormUsed && translations.length > 0)
    return Math.max(...translations.map((a) => generalIdf(a.text)));
  if (unit.kind === 'word' && !ownFormUsed && unit.generalIdf !== undefined) return unit.generalIdf;
  return unit.kind === 'word' ? generalIdf(unit.text) : hanSpecificity(unit.text);
}

function hanSpecificity(text: string): number {
  const known = generalIdf(text);
  if (known !== UNKNOWN_WORD_IDF) return known;
  const chars = Array.from(text);
  if (chars.length < 2) return known;
  const mean = chars.reduce((sum, c) => sum + generalIdf(c), 0) / chars.length;
  return chars.length >= 3 ? Math.min(UNKNOWN_WORD_IDF, Math.max(LIKELY_NAME_IDF, mean * NAME_CHARACTER_FACTOR)) : mean;
}

/**
 * Weighs each unit of the question: how specific the word is in general (jieba's IDF), scaled down
 * to half for a word that occurs in every passage of this corpus. So 以前 or 需要 weigh little whether
 * the corpus has them or not, and a name or a rare word decides.
 */
export function weighUnits(
  index: SearchIndex,
  question: AnalyzedQuestion,
  dfOf: (term: string) => number,
  options: Pick<RankingOptions, 'absentForeignWordFactor'>,
): WeightedUnit[] {
  const maxIdf = corpusIdf(index, 0);
  // In a Chinese corpus, an English word it never uses ("electricity") in a question that is partly
  // Chinese is most likely the asker's wording for what the Chinese part names: it counts, but less.
  const discountForeign = index.hanShare() >= 0.5 && question.units.some((u) => u.kind === 'han');
  return question.units.map((unit) => {
    const ownFormUsed = unit.kind !== 'word' || unit.terms.some((t) => dfOf(t) > 0);
    const general = specificity(unit, ownFormUsed) * (unit.prefix ? 0.5 : 1);
    if (unit.prefix) return { unit, weight: general };
    const df = Math.max(...unit.terms.map(dfOf), ...unit.alternatives.flatMap((a) => a.terms.map(dfOf)));
    const weight = general * (0.5 + (0.5 * corpusIdf(index, df)) / maxIdf);
    const foreign = discountForeign && unit.kind === 'word' && df === 0 && /^[a-z]{3,}$/.test(unit.text);
    // A quantity the corpus never writes (100mb, 3pm) is most often the asker's own value, not a topic.
    const ownValue = unit.kind === 'word' && df === 0 && QUANTITY.test(unit.text);
    return { unit, weight: foreign || ownValue ? weight * options.absentForeignWordFactor : weight };
  });
}

/** Each term's passage count, looked up once per question. */
export function documentFrequencies(index: SearchIndex, terms: readonly string[]): Map<string, number> {
  return new Map(terms.map((t) => [t, documentFrequency(index, t)]));
}
