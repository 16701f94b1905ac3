import MiniSearch from 'minisearch';
import { indexTerm, miniSearchOptions, type BuildProgress, type IndexedPassage } from './indexTerms.ts';
import { internalsOf, type TermData } from './miniSearchInternals.ts';
import { insertTerms } from './termTreeInsert.ts';
import { tokenizeNormalized } from './tokenize.ts';

/** Terms put into MiniSearch's term tree per step once the passages are counted. */
const TERMS_PER_STEP = 2_000;

/**
 * The passages' MiniSearch index, the same, map for map, as `addAll(rows)` makes: each passage's
 * terms are counted in a plain map first and the term tree gets each term once at the end
 * (termTreeInsert.ts), where `addAll` walks the tree for every token (1.1 million for manpages-zh against
 * 97,000 terms: most of the build's time).
 */
export function* indexPassages(
  rows: readonly IndexedPassage[],
  rowsPerStep: number,
): Generator<BuildProgress, MiniSearch<IndexedPassage>, void> {
  const search = new MiniSearch<IndexedPassage>(miniSearchOptions());
  // MiniSearch's own private steps for adding a document, taken one at a time (a test checks that the
  // result is the index `addAll` makes).
  const adding = internalsOf(search);
  const fields = [
    ['text', adding._fieldIds.text!],
    ['section', adding._fieldIds.section!],
  ] as const;
  const terms = new Map<string, TermData>();
  // One field's tokens with their counts, in the order they first occur (the order addAll meets them).
  const counts = new Map<string, number>();
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    const shortId = adding.addDocumentId(row.id);
    for (const [field, fieldId] of fields) {
      counts.clear();
      for (const token of tokenizeNormalized(row[field])) counts.set(token, (counts.get(token) ?? 0) + 1);
      adding.addFieldLength(shortId, fieldId, adding._documentCount - 1, counts.size);
      for (const [token, count] of counts) {
        let data = terms.get(token);
        if (!data) terms.set(token, (data = new Map<number, Map<number, number>>()));
        let docs = data.get(fieldId);
        if (!docs) data.set(fieldId, (docs = new Map<number, number>()));
        docs.set(shortId, (docs.get(shortId) ?? 0) + count);
      }
    }
    if ((i + 1) % rowsPerStep === 0) yield { done: i + 1, total: rows.length };
  }
  // Keyed by token until here: the stored spelling (indexTerm) is made once per distinct term, not per passage.
  const stored = (function* () {
    for (const [token, data] of terms) yield [indexTerm(token), data] as [string, TermData];
  })();
  for (const _ of insertTerms(adding._index._tree, stored, TERMS_PER_STEP))
    yield { done: rows.length, total: rows.length };
  adding._index._size = undefined;
  return search;
}
