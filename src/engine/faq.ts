import { answerAnalysed, citationOf, type AnswerOptions } from './answer.ts';
import { analyzeQuestion, type AnalyzedQuestion } from './question.ts';
import { coverageOf, textHas } from './ranking/coverage.ts';
import { specificity, type WeightedUnit } from './ranking/weights.ts';
import { normalizedText, type NormalizedText, type SearchIndex } from './searchIndex.ts';
import type { Answer, AnswerPassage, Citation } from './types.ts';

/**
 * FAQ entries: answers a moderator wrote, stored as Markdown documents under `faq/` whose front matter
 * lists the questions they answer (`questions:`) and the passages they cite (`cites:`). A question that
 * says what one of those phrasings says, and nothing else, is answered by the entry first.
 */

/** Where FAQ entries live in the corpus. */
export const FAQ_FOLDER = 'faq/';

/**
 * How closely a question must match a phrasing (0–1, both ways: the share of the question's units found in
 * the phrasing, and of the phrasing's units found in the question, weighted by specificity; the lower
 * counts). At 0.85 a question may differ by a filler or a minor word; a question that only shares its
 * topic ("贾扬清" against "贾扬清在哪里宣布离职") stays with retrieval.
 */
export const FAQ_MIN_CLOSENESS = 0.85;

/** A moderator's answer, as the index holds it. */
export interface FaqEntry {
  /** The document id: `faq/<slug>.md`. */
  id: string;
  /** The first phrasing: what the entry is listed as. */
  question: string;
  phrasings: readonly string[];
  /** The answer text (the document's passages, joined). */
  text: string;
  /** Passage ids the entry cites (unknown ids are dropped when it is matched). */
  cites: readonly string[];
}

/** A matched entry in an answer. */
export interface FaqAnswer {
  id: string;
  question: string;
  text: string;
  /** 0–1: how closely the question matched the best phrasing. */
  closeness: number;
  citations: Array<{ id: string; citation: Citation }>;
}

/** An answer with the FAQ entry that answered first, when one matched closely. */
export interface AnswerWithFaq extends Answer {
  faq?: FaqAnswer;
}

function stringList(value: unknown): string[] {
  if (typeof value === 'string') return value.trim() ? [value.trim()] : [];
  if (!Array.isArray(value)) return [];
  return value.filter((v): v is string => typeof v === 'string' && v.trim() !== '').map((v) => v.trim());
}

/** A question analysed once, with what closeness needs of it. */
interface PreparedQuestion {
  analyzed: AnalyzedQuestion;
  weighted: WeightedUnit[];
  text: NormalizedText;
}

interface PreparedEntry extends FaqEntry {
  analyzed: PreparedQuestion[];
}

function prepareQuestion(question: string | AnalyzedQuestion): PreparedQuestion {
  const analyzed = typeof question === 'string' ? analyzeQuestion(question) : question;
  return { analyzed, weighted: weighted(analyzed), text: normalizedText(analyzed.normalized) };
}

const prepared = new WeakMap<SearchIndex, PreparedEntry[]>();

function preparedEntries(index: SearchIndex): PreparedEntry[] {
  let entries = prepared.get(index);
  if (entries) return entries;
  entries = [];
  for (const doc of index.documentList) {
    if (!doc.id.startsWith(FAQ_FOLDER)) continue;
    const phrasings = stringList(doc.meta?.questions);
    if (phrasings.length === 0) continue;
    const text = index.passages
      .slice(doc.firstPassage, doc.firstPassage + doc.passageCount)
      .map((p) => p.text)
      .join('\n\n');
    entries.push({
      id: doc.id,
      question: phrasings[0]!,
      phrasings,
      text,
      cites: stringList(doc.meta?.cites),
      analyzed: phrasings.map(prepareQuestion),
    });
  }
  prepared.set(index, entries);
  return entries;
}

/** Every FAQ entry of the index, in corpus order. */
export function faqEntries(index: SearchIndex): FaqEntry[] {
  return preparedEntries(index).map(({ analyzed: _analyzed, ...entry }) => entry);
}

function weighted(question: AnalyzedQuestion): WeightedUnit[] {
  return question.units.map((unit) => ({ unit, weight: Math.max(0.1, specificity(unit)) }));
}

/**
 * How closely two analysed questions say the same thing: coverage both ways, the lower of the two (0–1).
 * Questions that ask for different things about the same words ("贾扬清是谁" and "贾扬清在哪里") are 0.
 */
export function closeness(a: AnalyzedQuestion, b: AnalyzedQuestion): number {
  return preparedCloseness(
    { analyzed: a, weighted: weighted(a), text: normalizedText(a.normalized) },
    { analyzed: b, weighted: weighted(b), text: normalizedText(b.normalized) },
  );
}

/** Closeness of prepared questions; 0 as soon as one way is below `floor` (matching needs no more). */
function preparedCloseness(a: PreparedQuestion, b: PreparedQuestion, floor = 0): number {
  const [x, y] = [a.analyzed, b.analyzed];
  if (x.units.length === 0 || y.units.length === 0) return 0;
  if (x.asks !== y.asks || x.asksIdentity !== y.asksIdentity || x.meta !== y.meta) return 0;
  const aInB = coverageOf(a.weighted, textHas(b.text));
  if (aInB < floor) return 0;
  return Math.min(aInB, coverageOf(b.weighted, textHas(a.text)));
}

/** The entry whose phrasing matches the question most closely, at or above `min`; null when none does. */
export function matchFaq(
  index: SearchIndex,
  question: string | AnalyzedQuestion,
  min = FAQ_MIN_CLOSENESS,
): { entry: FaqEntry; closeness: number } | null {
  const entries = preparedEntries(index);
  if (entries.length === 0) return null;
  const asked = prepareQuestion(question);
  let best: { entry: PreparedEntry; closeness: number } | null = null;
  for (const entry of entries) {
    for (const phrasing of entry.analyzed) {
      const c = preparedCloseness(asked, phrasing, min);
      if (c >= min && (best === null || c > best.closeness)) best = { entry, closeness: c };
    }
  }
  if (best === null) return null;
  const { analyzed: _analyzed, ...entry } = best.entry;
  return { entry, closeness: best.closeness };
}

/**
 * answerQuestion, with a closely matching FAQ entry first: the entry (its text and the passages it cites)
 * under `faq`, then the best passages other than the entry's own. Without a close match this is exactly
 * answerQuestion's answer, so a weak match never changes what retrieval found.
 */
export function answerWithFaq(
  index: SearchIndex,
  question: string,
  options: Partial<AnswerOptions> = {},
): AnswerWithFaq {
  // The question is analysed once, for retrieval and for matching the entries' phrasings.
  const { answer, question: asked } = answerAnalysed(index, question, options);
  if ((options.offset ?? 0) > 0) return answer;
  const match = matchFaq(index, asked);
  if (match === null) return answer;
  const citations = match.entry.cites.flatMap((id) => {
    const ordinal = index.passageIndex.get(id);
    return ordinal === undefined ? [] : [{ id, citation: citationOf(index, ordinal) }];
  });
  const passages = answer.passages
    .filter((p) => p.citation.docId !== match.entry.id)
    .map((p, i) => ({ ...p, rank: i + 1 }));
  return {
    ...answer,
    answered: true,
    passages,
    faq: {
      id: match.entry.id,
      question: match.entry.question,
      text: match.entry.text,
      closeness: Math.round(match.closeness * 1000) / 1000,
      citations,
    },
  };
}

/**
 * An answer with its FAQ entry as the first passage, for adapters that show one list (the CLI and its
 * JSON contract): the entry's text, its document's first passage id, its citation (the entry's document,
 * its paragraphs first to last), its closeness as the score, coverage 1; then the best passages, at most
 * `top` in all. Without an entry this is the answer as it is.
 */
export function faqFirst(index: SearchIndex, answer: AnswerWithFaq, top: number): Answer {
  const { faq, ...plain } = answer;
  if (!faq) return plain;
  const doc = index.documents.get(faq.id);
  if (!doc || doc.passageCount === 0) return plain;
  const citation = citationOf(index, doc.firstPassage);
  const last = index.passages[doc.firstPassage + doc.passageCount - 1]!;
  const entry: AnswerPassage = {
    rank: 1,
    score: faq.closeness,
    coverage: 1,
    id: index.passages[doc.firstPassage]!.id,
    text: faq.text,
    bestSentence: { start: 0, end: faq.text.length },
    highlights: [],
    citation: { ...citation, paragraphs: [citation.paragraphs[0], last.paragraphs[1]] },
  };
  const rest = plain.passages.slice(0, Math.max(0, top - 1)).map((p, i) => ({ ...p, rank: i + 2 }));
  return { ...plain, answered: true, passages: [entry, ...rest] };
}
