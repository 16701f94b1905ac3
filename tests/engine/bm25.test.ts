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
const BOOST = { text: 1, section: defaultAnswerOptions.sectionBoost };

const DOCUMENT_BOOST = { title: defaultAnswerOptions.titleBoost, byline: 1, about: defaultAnswerOptions.leadBoost };

/** MiniSearch's own search, as candidates.ts called it before: [id, score] of the best `limit`. */
function miniSearchOf(
  index: SearchIndex,
  terms: readonly string[],
  limit: number,
  search: SearchIndex['search'] | SearchIndex['documentSearch'] = index.search,
  boost: Record<string, number> = BOOST,
): Array<[number, number]> {
  return search
    .search(terms.join(' '), { tokenize: (s) => s.split(' '), processTerm: indexTerm, combineWith: 'OR', boost })
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

  // The shipped corpus is one document; the fixture's five rank against each other.
  it.each([
    ['corpus', 0],
    ['tests/fixtures/ranking-corpus', 50],
  ] as const)(
    'gives MiniSearch’s passages and documents, scores and order for every eval question (%s)',
    async (dir, documentOrders) => {
      const index = buildIndex((await loadCorpus(root(dir))).documents);
      let compared = 0;
      let comparedDocuments = 0;
      for (const q of questions) {
        const terms = expandQuestion(index, analyzeQuestion(q), defaultAnswerOptions).terms;
        for (const limit of [3, 200]) {
          const ours = exactSearch(index.search, terms.map(indexTerm), BOOST, limit);
          expect(ours).toEqual(miniSearchOf(index, terms, limit));
          if (ours.length > 1) compared++;
          // Documents too (title, byline, lead), as candidates.ts searches them.
          const documents = exactSearch(index.documentSearch, terms.map(indexTerm), DOCUMENT_BOOST, limit);
          expect(documents).toEqual(miniSearchOf(index, terms, limit, index.documentSearch, DOCUMENT_BOOST));
          if (documents.length > 1) comparedDocuments++;
        }
      }
      expect(compared).toBeGreaterThan(100);
      expect(comparedDocuments).toBeGreaterThanOrEqual(documentOrders);
    },
  );

  it('a term the index lacks, and no terms at all, find nothing', async () => {
    const index = buildIndex((await loadCorpus(root('corpus'))).documents);
    expect(exactSearch(index.search, [indexTerm('zzzqqq')], BOOST, 10)).toEqual([]);
    expect(exactSearch(index.search, [], BOOST, 10)).toEqual([]);
  });
});
