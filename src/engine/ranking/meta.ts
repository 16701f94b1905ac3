import type { AnalyzedQuestion } from '../question.ts';
import type { DocumentInfo, SearchIndex } from '../searchIndex.ts';
import { normalizeText } from '../normalize.ts';

/**
 * Questions about the document itself — who wrote it, who published it, what it concludes — are
 * answered from the document: the passage with its byline, or its last passages. Only when it is
 * clear which document is meant: the corpus has one, or the question names one by its title.
 */

/** How many of the document's last passages answer "what does it conclude". */
const CONCLUSION_PASSAGES = 2;

function documentMeant(index: SearchIndex, analyzed: AnalyzedQuestion): DocumentInfo | null {
  if (index.documentList.length === 1) return index.documentList[0]!;
  const named = analyzed.units.filter((u) => u.kind === 'han' || !u.prefix);
  if (named.length === 0) return null;
  const hits = index.documentSearch.search(analyzed.terms.join(' '), { combineWith: 'AND' });
  return hits.length === 1 ? (index.documentList[hits[0]!.id as number] ?? null) : null;
}

/** The passages (ordinals, best first) that answer a question about the document, or null when it is not one. */
export function metaPassages(index: SearchIndex, analyzed: AnalyzedQuestion): number[] | null {
  if (analyzed.meta === null) return null;
  const doc = documentMeant(index, analyzed);
  if (doc === null || doc.passageCount === 0) return null;
  const ordinals = Array.from({ length: doc.passageCount }, (_, i) => doc.firstPassage + i);
  if (analyzed.meta === 'conclusion') return ordinals.slice(-CONCLUSION_PASSAGES).reverse();
  const who = analyzed.meta === 'author' ? doc.author : doc.publisher;
  if (!who) return null;
  const name = normalizeText(who);
  const naming = ordinals.filter((o) => index.normalizedText(o).body.text.includes(name));
  return naming.length > 0 ? naming : null;
}
