import type { AnalyzedQuestion } from '../question.ts';
import type { SearchIndex } from '../searchIndex.ts';
import { holdsAnswerType } from './answerType.ts';
import { findCandidates } from './candidates.ts';
import { coverageOf, passageHas, type Presence } from './coverage.ts';
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

/** A candidate's score with its parts (what tooling/debugAnswer.ts prints). */
export interface ScoredPassage extends RankedPassage {
  bm25: number;
  document: number;
  identity: number;
}

export interface Ranking {
  units: WeightedUnit[];
  /** The passages that answer, best first (empty when the answer is "not in the corpus"). */
  answering: RankedPassage[];
  /** The question's terms found in the corpus at all. */
  matched: string[];
}

const LATIN_WORD = /[a-z]/;
/** A corpus of at least this share of Han letters is Chinese; of at most LATIN_CORPUS, English; between, mixed. */
const HAN_CORPUS = 0.7;
const LATIN_CORPUS = 0.3;

/**
 * Whether most of the question's weight is in the other script than the corpus (mixed corpora, such as
 * Chinese manual pages full of English options, are neither). A
 * Latin name with no other form (ChatGPT in a Chinese question) is the same in both and counts for neither.
 */
export function crossScript(index: SearchIndex, units: readonly WeightedUnit[]): boolean {
  let latin = 0;
  let han = 0;
  for (const { unit, weight } of units) {
    if (unit.kind === 'han') han += weight;
    else if (LATIN_WORD.test(unit.text) && (!unit.name || unit.alternatives.length > 0)) latin += weight;
  }
  const share = index.hanShare();
  if (latin > han) return share >= HAN_CORPUS;
  return han > latin && share <= LATIN_CORPUS;
}

/** Presence in the passage at this ordinal, with the passage before it in the same document as context. */
function passageHasAt(index: SearchIndex, ordinal: number, opts: RankingOptions): Presence {
  const previous =
    ordinal > 0 && index.passages[ordinal - 1]!.docId === index.passages[ordinal]!.docId
      ? index.normalizedText(ordinal - 1)
      : null;
  return passageHas(index.normalizedText(ordinal), previous, opts);
}

/** Every candidate passage scored, best first: coverage + relative BM25 + its document's match + the identity bonus. */
export function scoreCandidates(
  index: SearchIndex,
  analyzed: AnalyzedQuestion,
  units: readonly WeightedUnit[],
  opts: RankingOptions,
  df: ReadonlyMap<string, number> = documentFrequencies(index, analyzed.terms),
): ScoredPassage[] {
  const { passages: candidates, documents } = findCandidates(index, analyzed, opts, df);
  if (candidates.size === 0) return [];
  const maxScore = Math.max(...candidates.values()) || 1;
  const ranked = [...candidates].map(([ordinal, bm25Score]): ScoredPassage => {
    const passage = index.passages[ordinal]!;
    const has = passageHasAt(index, ordinal, opts);
    const coverage = coverageOf(units, has, opts.charCredit);
    const identity =
      analyzed.asksIdentity && introducesName(index.normalizedText(ordinal).body.text, analyzed)
        ? opts.identityBonus
        : 0;
    const bm25 = opts.bm25Weight * (bm25Score / maxScore);
    const document = opts.documentWeight * (documents.get(passage.docId) ?? 0);
    return { ordinal, coverage, bm25, document, identity, score: coverage + bm25 + identity + document };
  });
  ranked.sort((a, b) => b.score - a.score || a.ordinal - b.ordinal);
  return ranked;
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

  const ranked = scoreCandidates(index, analyzed, units, opts, df);
  if (ranked.length === 0) return { units, answering: [], matched };

  const totalWeight = units.reduce((sum, u) => sum + u.weight, 0);
  // A question of names only ("李开复", "Who is Kai-Fu Lee?", 周伯闻是谁) asks about them: a passage holding
  // them all, if only by their sound, answers however often this corpus names them. Otherwise one common
  // word matched (学习) is not enough.
  const onlyNames = units.every(({ unit }) => unit.name);
  const matchesEnough = (r: RankedPassage): boolean =>
    (onlyNames && r.coverage >= opts.soundAlikeCredit) || r.coverage * totalWeight >= opts.minMatchedWeight;
  const minCoverage = crossScript(index, units) ? opts.crossScriptMinCoverage : opts.minCoverage;
  // "X是谁" asks for X's role, which any passage introducing X gives: no other person is needed.
  const typeChecked = !(analyzed.asksIdentity && units.every(({ unit }) => unit.name));
  const holdsType = (r: RankedPassage): boolean =>
    !typeChecked || holdsAnswerType(index.normalizedText(r.ordinal).body.text, analyzed);
  const answers = (r: RankedPassage, minCoverage: number): boolean => r.coverage >= minCoverage && holdsType(r);

  // The answer-type check costs a scan of the passage: it is made on the best few covering passages only.
  const covering = ranked.filter((r) => r.coverage >= minCoverage).slice(0, TYPE_CHECKED_PASSAGES);
  // When the passages that cover the question best lack the kind of answer asked for, one that covers
  // it less but has, say, some number is no answer either (贾扬清在阿里干了几年: the passages about his
  // time at 阿里 give no duration).
  const topCoverage = Math.max(0, ...covering.map((r) => r.coverage));
  const best = covering.find(
    (r) => r.coverage >= topCoverage * opts.typedCoverageShare && matchesEnough(r) && holdsType(r),
  );
  if (!best) return { units, answering: [], matched };
  const floor = Math.max(minCoverage * opts.followerMinCoverageShare, best.coverage * opts.relativeCoverage);
  const answering = [best];
  // A page copied under several names (bzip2, bunzip2 and bzcat are one manual page) would fill the
  // answer with one quote: a passage whose text is already in the answer is left out.
  const quoted = new Set([index.passages[best.ordinal]!.text]);
  for (const r of ranked) {
    if (answering.length >= opts.offset + opts.top) break;
    if (r === best || !answers(r, floor)) continue;
    const text = index.passages[r.ordinal]!.text;
    if (quoted.has(text)) continue;
    quoted.add(text);
    answering.push(r);
  }
  answering.sort((a, b) => b.score - a.score || a.ordinal - b.ordinal);
  return { units, answering, matched };
}
