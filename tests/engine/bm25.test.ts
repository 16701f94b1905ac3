import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultAnswerOptions } from '../../src/engine/answer.ts';
import { analyzeQuestion } from '../../src/engine/question.ts';
import { exactSearch } from '../../src/engine/ranking/bm25.ts';
import { expandQuestion } from '../../src/engine/ranking/expand.ts';
import { buildIndex, indexTerm, type SearchIndex } from '../../src/engine/searchIndex.ts';
import { loadCorpus } from '../../src/store/corpus.ts';
import { readEvalSet } from '../../tooling/eval/evaluate.ts';

const root = (p: string): string => fileURLToPath(new URL(`../../${p}`, import.meta.url));
const BOOST = { text: 1, section: 0.5 };

/** MiniSearch's own search, as candidates.ts called it before: [id, score] of the best `limit`. */
function miniSearchOf(index: SearchIndex, terms: readonly string[], limit: number): Array<[number, number]> {
  return index.search
    .search(terms.join(' '), { tokenize: (s) => s.split(' '), processTerm: indexTerm, combineWith: 'OR', boost: BOOST })
    .slice(0, limit)
    .map((r) => [r.id as number, r.score]);
}

describe('exact-term search', () => {
  let questions: string[];
  beforeAll(async () => {
    const sets = await Promise.all(
      ['eval/dev-questions.json', 'eval/more-questions.json', 'eval/article/tune.json', 'eval/article/test.json'].map(
        (f) => readEvalSet(root(f)),
      ),
    );
    questions = sets.flatMap((s) => s.questions.map((q) => q.q));
  });

  it.each(['corpus', 'tests/fixtures/ranking-corpus'])(
    'gives MiniSearch’s passages, scores and order for every eval question (%s)',
    async (dir) => {
      const index = buildIndex((await loadCorpus(root(dir))).documents);
      let compared = 0;
      for (const q of questions) {
        const terms = expandQuestion(index, analyzeQuestion(q), defaultAnswerOptions).terms;
        for (const limit of [3, 200]) {
          const ours = exactSearch(index, terms.map(indexTerm), BOOST, limit);
          expect(ours).toEqual(miniSearchOf(index, terms, limit));
          if (ours.length > 1) compared++;
        }
      }
      expect(compared).toBeGreaterThan(100);
    },
  );

  it('a term the index lacks, and no terms at all, find nothing', async () => {
    const index = buildIndex((await loadCorpus(root('corpus'))).documents);
    expect(exactSearch(index, [indexTerm('zzzqqq')], BOOST, 10)).toEqual([]);
    expect(exactSearch(index, [], BOOST, 10)).toEqual([]);
  });
});
