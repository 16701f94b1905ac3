import type { AnalyzedQuestion } from '../question.ts';
import type { SearchIndex } from '../searchIndex.ts';
import { holdsAnswerType } from './answerType.ts';
import { findCandidates } from './candidates.ts';
import { coverageOf, passageHas } from './coverage.ts';
import { introducesName } from './identity.ts';
import { metaPassages } from './meta.ts';
import type { RankingOptions } from './options.ts';
import { documentFrequencies, weighUnits, type WeightedUnit } from './weights.ts';

/**
 * The ranking model, combined in one place. For each candidate passage (BM25 over the index):
 * - coverage: the weighted share of the question's units the passage contains (coverage.ts);
 * - score = coverage + bm25Weight × BM25 relative to the best candidate + documentWeight × how well
 *   its document's title, aliases, description and lead match (BM25 over documents, relative to the
 *   best: a question that names the task finds the page whose title says it) + identityBonus when the
 *   question asks who someone is and the passage introduces the name by its role.
 * A passage answers when its coverage and matched weight reach their minimums and, when the
 * question asks for a kind of answer (a time, an amount, a person …), it holds one near what it matched.
 * Questions about the document itself are answered from the document (meta.ts).
 */

/** How many of the best-scoring covering passages are checked for the answer type. */
const TYPE_CHECKED_PASSAGES = 10;

export interface RankedPassage {
  ordinal: number;
  coverage: number;
  score: number;
}

export interface Ranking {
  units: WeightedUnit[];
  /** The passages that answer, best first (empty when the answer is "not in the corpus"). */
  answering: RankedPassage[];
  /** The question's terms found in the corpus at all. */
  matched: string[];
}

export function rankPassages(index: SearchIndex, analyzed: AnalyzedQuestion, opts: RankingOptions): Ranking {
  const df = documentFrequencies(index, analyzed.terms);
  const dfOf = (t: string): number => df.get(t) ?? 0;
  const units = weighUnits(index, analyzed, dfOf, opts);
  const matched = analyzed.terms.filter((t) => dfOf(t) > 0);
  if (index.passages.length === 0) return { units, answering: [], matched };

  const meta = metaPassages(index, analyzed);
  if (meta !== null) {
    return { units, matched, answering: meta.map((ordinal) => ({ ordinal, coverage: 1, score: 1 })) };
  }
  if (analyzed.terms.length === 0) return { units, answering: [], matched };

  const { passages: candidates, documents } = findCandidates(index, analyzed, opts.candidates, df);
  if (candidates.size === 0) return { units, answering: [], matched };
  const maxScore = Math.max(...candidates.values()) || 1;
  const ranked: RankedPassage[] = [...candidates].map(([ordinal, bm25]) => {
    const passage = index.passages[ordinal]!;
    const previous =
      ordinal > 0 && index.passages[ordinal - 1]!.docId === passage.docId ? index.normalizedText(ordinal - 1) : null;
    const has = passageHas(index.normalizedText(ordinal), previous, opts);
    const coverage = coverageOf(units, has, opts.charCredit);
    const identity =
      analyzed.asksIdentity && introducesName(index.normalizedText(ordinal).body.text, analyzed)
        ? opts.identityBonus
        : 0;
    const about = opts.documentWeight * (documents.get(passage.docId) ?? 0);
    return { ordinal, coverage, score: coverage + opts.bm25Weight * (bm25 / maxScore) + identity + about };
  });
  ranked.sort((a, b) => b.score - a.score || a.ordinal - b.ordinal);

  const totalWeight = units.reduce((sum, u) => sum + u.weight, 0);
  // "X是谁" asks for X's role, which any passage introducing X gives: no other person is needed.
  const typeChecked = !(analyzed.asksIdentity && units.every(({ unit }) => unit.name));
  const holdsType = (r: RankedPassage): boolean =>
    !typeChecked || holdsAnswerType(index.normalizedText(r.ordinal).body.text, analyzed);
  const answers = (r: RankedPassage, minCoverage: number): boolean => r.coverage >= minCoverage && holdsType(r);

  // The answer-type check costs a scan of the passage: it is made on the best few covering passages only.
  const best = ranked
    .filter((r) => r.coverage >= opts.minCoverage && r.coverage * totalWeight >= opts.minMatchedWeight)
    .slice(0, TYPE_CHECKED_PASSAGES)
    .find((r) => holdsType(r));
  if (!best) return { units, answering: [], matched };
  const floor = Math.max(opts.minCoverage * 0.5, best.coverage * opts.relativeCoverage);
  const answering = [best];
  for (const r of ranked) {
    if (answering.length >= opts.offset + opts.top) break;
    if (r !== best && answers(r, floor)) answering.push(r);
  }
  answering.sort((a, b) => b.score - a.score || a.ordinal - b.ordinal);
  return { units, answering, matched };
}
