import type MiniSearch from 'minisearch';
import type { AnalyzedQuestion } from '../question.ts';
import { indexTerm, type SearchIndex } from '../searchIndex.ts';
import { exactSearch } from './bm25.ts';
import type { RankingOptions } from './options.ts';

/** The passages worth scoring with their BM25 scores, and the documents whose title or lead match, with their score relative to the best (0–1). */
export interface Candidates {
  passages: Map<number, number>;
  documents: Map<string, number>;
}

/** A term in more passages than this share is left out of the search (not of coverage) in a large corpus. */
const COMMON_TERM_SHARE = 0.05;
const LARGE_CORPUS = 2_000;

/**
 * The passages worth scoring, with their BM25 scores: those that share terms with the question, and
 * the first passages of documents whose title, byline or lead (description, tags, first passages) match. In a large corpus, terms in
 * more than 5 % of passages are left out of the search — they would make it score thousands of
 * passages for nothing — unless nothing else is left; coverage still counts them.
 */
export function findCandidates(
  index: SearchIndex,
  analyzed: AnalyzedQuestion,
  opts: Pick<
    RankingOptions,
    'candidates' | 'documentCandidates' | 'documentLeadPassages' | 'sectionBoost' | 'titleBoost' | 'leadBoost'
  >,
  df: ReadonlyMap<string, number>,
): Candidates {
  const n = index.passages.length;
  let terms = analyzed.terms;
  if (n >= LARGE_CORPUS) {
    const rare = terms.filter((t) => (df.get(t) ?? 0) <= n * COMMON_TERM_SHARE);
    if (rare.length > 0) terms = rare;
  }
  const whole = terms.filter((t) => !analyzed.units.some((u) => u.prefix && u.terms.includes(t)));
  // A lone character is searched as the start of the bigrams only when the question has nothing better.
  if (whole.length > 0) terms = whole;
  const prefix = new Set(terms.filter((t) => whole.length === 0 && Array.from(t).length === 1).map(indexTerm));
  // Fuzzy matching (for misspelt words) only for words the corpus does not have and the dictionary does
  // not know either (a word it translates is spelt right: "electricity" is no typo of anything): it walks
  // the whole tree.
  const known = new Set(analyzed.units.filter((u) => u.kind === 'word' && !u.name).flatMap((u) => u.terms));
  const fuzzy = new Set(terms.filter((t) => /^[a-z]{6,}$/.test(t) && df.get(t) === 0 && !known.has(t)).map(indexTerm));
  const options = {
    tokenize: (s: string) => s.split(' '),
    processTerm: indexTerm,
    combineWith: 'OR' as const,
    prefix: (term: string) => prefix.has(term),
    fuzzy: (term: string) => (fuzzy.has(term) ? 0.2 : false),
  };
  const query = terms.join(' ');
  const out = new Map<number, number>();
  const documents = new Map<string, number>();
  const boost = { text: 1, section: opts.sectionBoost };
  const documentBoost = { title: opts.titleBoost, byline: 1, about: opts.leadBoost };
  // Exact terms only, the usual case: the same entries and scores without MiniSearch's per-posting objects.
  const exact = prefix.size === 0 && fuzzy.size === 0;
  const exactTerms = exact ? query.split(' ').map(indexTerm).filter(Boolean) : [];
  const best = <T>(search: MiniSearch<T>, boostOf: Record<string, number>, count: number): Array<[number, number]> =>
    exact
      ? exactSearch(search, exactTerms, boostOf, count)
      : search
          .search(query, { ...options, boost: boostOf })
          .slice(0, count)
          .map((r) => [r.id as number, r.score]);
  for (const [id, score] of best(index.search, boost, opts.candidates)) out.set(id, score);
  const docHits = best(index.documentSearch, documentBoost, opts.documentCandidates);
  const bestDoc = docHits[0]?.[1] ?? 1;
  for (const [id, score] of docHits) {
    const doc = index.documentList[id];
    if (!doc) continue;
    documents.set(doc.id, score / bestDoc);
    for (let i = doc.firstPassage; i < doc.firstPassage + Math.min(opts.documentLeadPassages, doc.passageCount); i++)
      if (!out.has(i)) out.set(i, 0);
  }
  return { passages: out, documents };
}
