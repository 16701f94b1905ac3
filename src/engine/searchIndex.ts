import { createHash } from 'node:crypto';
import MiniSearch from 'minisearch';
import {
  documentSearchOptions,
  type BuildProgress,
  indexTerm,
  normalizedText,
  type IndexedDocument,
  type IndexedPassage,
  type NormalizedPassage,
  type NormalizedText,
} from './indexTerms.ts';
import { normalizeText } from './normalize.ts';
import { EMPTY_SYNONYMS, type SynonymTable } from './synonyms.ts';
import { splitPassages, type SplitOptions } from './passages.ts';
import { internalsOf } from './miniSearchInternals.ts';
import { indexPassages } from './passageSearch.ts';
import { TOKENIZER_VERSION } from './tokenize.ts';
import type { CorpusDocument, Passage } from './types.ts';

// Re-exported: the index's term helpers and types are imported from this module across the engine.
export * from './indexTerms.ts';

/** What the index keeps of a document (its text lives in the passages). */
export interface DocumentInfo extends Omit<CorpusDocument, 'body' | 'blocks'> {
  /** Ordinal of its first passage in `SearchIndex.passages`, and how many it has. */
  firstPassage: number;
  passageCount: number;
}

/** The live, immutable search index: a reindex builds a new one and swaps it in whole. */
export interface SearchIndex {
  /** Passages by their text and section. */
  readonly search: MiniSearch<IndexedPassage>;
  /** Documents by title, author and publisher: indexed once per document, not once per passage. */
  readonly documentSearch: MiniSearch<IndexedDocument>;
  /** Documents in order; the MiniSearch id of a document is its position here. */
  readonly documentList: readonly DocumentInfo[];
  /** All passages; the MiniSearch id of a passage is its position here. */
  readonly passages: readonly Passage[];
  readonly passageIndex: ReadonlyMap<string, number>;
  /**
   * One normalised label per passage (id, title, section, start of the text), computed with the index:
   * what autocomplete matches typed text against, without normalising anything per keystroke.
   */
  readonly labels: readonly string[];
  /** The corpus's synonyms (synonyms.ts), applied to questions: replaced without rebuilding the index. */
  readonly synonyms: SynonymTable;
  readonly documents: ReadonlyMap<string, DocumentInfo>;
  /** sha256 over the documents' ids and hashes: equal hashes mean an identical corpus. */
  readonly corpusHash: string;
  /**
   * A passage's text with its section, title and byline, normalised as questions are: what coverage
   * is measured on. Computed on first use and kept (at most once per passage).
   */
  readonly normalizedText: (ordinal: number) => NormalizedPassage;
  /** Share of the corpus's letters that are Han characters (0–1): measured by the build, or on first use. */
  readonly hanShare: () => number;
  /** Every distinct Han character of the passages' text, in order of first use: measured by the build, or on first use. */
  readonly hanCharacters: () => string;
  readonly tokenizerVersion: number;
  readonly builtAt: Date;
}

/** How much of a document's beginning is indexed as what it is about, in characters. */
const LEAD_CHARS = 400;

export function corpusHashOf(documents: ReadonlyArray<{ id: string; hash: string }>): string {
  const h = createHash('sha256');
  for (const d of [...documents].sort((a, b) => (a.id < b.id ? -1 : 1))) h.update(`${d.id}\0${d.hash}\n`);
  return h.digest('hex');
}

function indexedDocument(doc: DocumentInfo, i: number, lead: string): IndexedDocument {
  return {
    id: i,
    // A document's aliases are other names for it: they count as its title.
    title: [doc.title, ...(doc.aliases ?? [])].join(' '),
    byline: [doc.author, doc.publisher].filter(Boolean).join(' '),
    about: [doc.description ?? '', ...(doc.tags ?? []), lead].join(' '),
  };
}

function documentInfo(doc: CorpusDocument, firstPassage: number, passageCount: number): DocumentInfo {
  // Blocks are only needed to split the body; a snapshot need not carry them.
  const { body: _body, blocks: _blocks, ...info } = doc;
  return { ...info, firstPassage, passageCount };
}

/**
 * In how many passages a term occurs (text or section). MiniSearch keeps this in its term tree but has no
 * public accessor; reading it there costs one tree lookup per query term, where a map of our own would
 * cost a second tokenizing pass at build time and space in every snapshot. `minisearch` is pinned to an
 * exact version for this, and a test checks the count.
 */
export function documentFrequency(index: SearchIndex, term: string): number {
  const { text, section } = postingsOf(index, term);
  if (!section) return text?.size ?? 0;
  if (!text) return section.size;
  // The union's size without building it: the larger field's passages, and those of the smaller it lacks.
  const [small, large] = text.size <= section.size ? [text, section] : [section, text];
  let count = large.size;
  for (const id of small.keys()) if (!large.has(id)) count++;
  return count;
}

/** Whether any passage's text or section has the term: documentFrequency > 0, without counting. */
export function hasTerm(index: SearchIndex, term: string): boolean {
  const { text, section } = postingsOf(index, term);
  return (text?.size ?? 0) > 0 || (section?.size ?? 0) > 0;
}

type Postings = Map<number, number> | undefined;

/** A term's postings in the text and section fields (passage short id → occurrences). */
function postingsOf(index: SearchIndex, term: string): { text: Postings; section: Postings } {
  const internals = internalsOf(index.search);
  const fields = internals._index.get(indexTerm(term));
  if (!fields) return { text: undefined, section: undefined };
  return { text: fields.get(internals._fieldIds.text!), section: fields.get(internals._fieldIds.section!) };
}

/**
 * Makes what coverage reads of every passage (its normalised text and surroundings, and the words of its
 * text; a document's words are then its passages' lines joined), 50 passages per step: otherwise the first questions make it, passage by passage, for the candidates they
 * meet (measured on manpages-zh opened from its snapshot: first answers to its eval questions a median
 * of 12 ms against 5 ms the second time, most of the difference tokenizing passages for their words).
 */
export function* prepareCoverageSteps(index: SearchIndex, passagesPerStep = 50): Generator<void, void, void> {
  for (let ordinal = 0; ordinal < index.passages.length; ordinal++) {
    index.normalizedText(ordinal).body.prepareWords();
    if ((ordinal + 1) % passagesPerStep === 0) yield;
  }
}

/** Assembles a SearchIndex from its parts (used by building and by loading a snapshot). */
export function assembleIndex(parts: {
  search: MiniSearch<IndexedPassage>;
  documentSearch: MiniSearch<IndexedDocument>;
  passages: Passage[];
  documents: DocumentInfo[];
  corpusHash: string;
  builtAt: Date;
  /** The passages' normalised texts when the builder has them (a loaded snapshot computes them lazily). */
  normalizedBodies?: string[];
  /** Autocomplete labels, one per passage (computed here when a snapshot has none). */
  labels?: string[];
  /** The passages' script profile when the builder measured it (else measured on first use). */
  script?: ScriptProfile;
}): SearchIndex {
  const documents = new Map(parts.documents.map((d) => [d.id, d]));
  const bodies: Array<string | undefined> = parts.normalizedBodies ?? [];
  const bodyOf = (ordinal: number): string => (bodies[ordinal] ??= normalizeText(parts.passages[ordinal]!.text));
  const normalized: Array<NormalizedPassage | undefined> = [];
  const documentTexts = new Map<string, NormalizedText>();
  const documentText = (docId: string): NormalizedText => {
    let text = documentTexts.get(docId);
    if (!text) {
      const doc = documents.get(docId);
      const own = doc ? parts.passages.slice(doc.firstPassage, doc.firstPassage + doc.passageCount) : [];
      // Its words are its passages' words: their lines are made once (and by the warm-up) either way.
      text = normalizedText(own.map((_, i) => bodyOf(doc!.firstPassage + i)).join('\n'), () =>
        own.map((_, i) => normalizedPassage(doc!.firstPassage + i).body.prepareWords()).join(''),
      );
      documentTexts.set(docId, text);
    }
    return text;
  };
  const normalizedPassage = (ordinal: number): NormalizedPassage => {
    let text = normalized[ordinal];
    if (text === undefined) {
      const p = parts.passages[ordinal]!;
      const doc = documents.get(p.docId);
      const meta = normalizedText(
        normalizeText([p.section ?? '', doc?.title ?? '', doc?.author ?? '', doc?.publisher ?? ''].join('\n')),
      );
      text = { body: normalizedText(bodyOf(ordinal)), meta, document: documentText(p.docId) };
      normalized[ordinal] = text;
    }
    return text;
  };
  let script = parts.script;
  const scriptOf = (): ScriptProfile => (script ??= scriptProfile(parts.passages.map((p) => p.text)));
  return Object.freeze({
    hanShare: () => scriptOf().hanShare,
    hanCharacters: () => scriptOf().hanCharacters,
    search: parts.search,
    documentSearch: parts.documentSearch,
    documentList: parts.documents,
    synonyms: EMPTY_SYNONYMS,
    labels: parts.labels ?? parts.passages.map((p) => autocompleteLabel(p, documents.get(p.docId))),
    passages: parts.passages,
    passageIndex: new Map(parts.passages.map((p, i) => [p.id, i])),
    documents,
    normalizedText: normalizedPassage,
    corpusHash: parts.corpusHash,
    tokenizerVersion: TOKENIZER_VERSION,
    builtAt: parts.builtAt,
  });
}

/** What the ranking needs to know of the corpus's scripts, measured once per index. */
export interface ScriptProfile {
  /** Share of the letters that are Han characters (0–1). */
  hanShare: number;
  /** Every distinct Han character, in order of first use. */
  hanCharacters: string;
}

const HAN_CHAR = /^\p{sc=Han}$/u;
const LETTER = /^\p{L}$/u;
/** What a code point is: bit 1 a letter, bit 2 a Han character. */
const LETTER_BIT = 1;
const HAN_BIT = 2;
/** Classes of the code points met outside ASCII and the main CJK block, by code point. */
const classOfCodePoint = new Map<number, number>();

function classOf(cp: number): number {
  if (cp < 0x80) return (cp | 0x20) >= 0x61 && (cp | 0x20) <= 0x7a ? LETTER_BIT : 0;
  // U+4E00–U+9FFF are all Han letters (Unicode 14 on; a test checks it against the regular expressions).
  if (cp >= 0x4e00 && cp <= 0x9fff) return LETTER_BIT | HAN_BIT;
  let found = classOfCodePoint.get(cp);
  if (found === undefined) {
    const c = String.fromCodePoint(cp);
    found = (LETTER.test(c) ? LETTER_BIT : 0) | (HAN_CHAR.test(c) ? HAN_BIT : 0);
    classOfCodePoint.set(cp, found);
  }
  return found;
}

/** Han characters in order of first use, with a mark per code point to tell the new ones. */
interface HanSeen {
  marks: Set<number>;
  order: number[];
}

const newHanSeen = (): HanSeen => ({ marks: new Set(), order: [] });

/**
 * Counts a text's letters and Han characters into `counts`, adding its new Han characters to `seen`.
 * A loop over char codes: matching every letter with a regular expression made an array of one string
 * per letter, a tenth of the time to index manpages-zh.
 */
export function countScript(text: string, counts: { han: number; letters: number }, seen: HanSeen): void {
  for (let i = 0; i < text.length; i++) {
    let cp = text.charCodeAt(i);
    if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < text.length) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
        i++;
      }
    }
    const c = classOf(cp);
    if (c === 0) continue;
    counts.letters += c & LETTER_BIT;
    if ((c & HAN_BIT) === 0) continue;
    counts.han++;
    if (!seen.marks.has(cp)) {
      seen.marks.add(cp);
      seen.order.push(cp);
    }
  }
}

function profileOf(counts: { han: number; letters: number }, seen: HanSeen): ScriptProfile {
  return {
    hanShare: counts.letters === 0 ? 0 : counts.han / counts.letters,
    hanCharacters: seen.order.map((cp) => String.fromCodePoint(cp)).join(''),
  };
}

/** The script profile of these texts, in one go (a loaded snapshot, on first use). */
export function scriptProfile(texts: readonly string[]): ScriptProfile {
  const counts = { han: 0, letters: 0 };
  const seen = newHanSeen();
  for (const text of texts) countScript(text, counts, seen);
  return profileOf(counts, seen);
}

/** How much of a passage's text its autocomplete label holds. */
const LABEL_TEXT_CHARS = 200;

/**
 * What one passage is found by in autocomplete: its id, title and section, and the start of its text,
 * normalised. `section` and `body` come normalised (the build has them so already).
 */
function labelOf(id: string, title: string, section: string, body: string): string {
  return `${normalizeText(`${id} ${title}`)} ${section}\n${body.slice(0, LABEL_TEXT_CHARS)}`;
}

function autocompleteLabel(p: Passage, doc: DocumentInfo | undefined): string {
  return labelOf(p.id, doc?.title ?? '', normalizeText(p.section ?? ''), normalizeText(p.text));
}

/** Splits the documents into passages and indexes them, in one go (the CLI, tests, the bench). */
export function buildIndex(documents: readonly CorpusDocument[], split: Partial<SplitOptions> = {}): SearchIndex {
  const steps = buildIndexSteps(documents, split);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * The same index as `buildIndex`, as a generator that does a small piece of work per step (one
 * document split, a few passages indexed) and yields progress between steps. Whoever drives it
 * decides when to pause, e.g. `src/store` runs steps for a few milliseconds per event-loop turn so the
 * live index keeps answering while a new one is built. Pure: no timers, no I/O.
 */
export function* buildIndexSteps(
  documents: readonly CorpusDocument[],
  split: Partial<SplitOptions> = {},
  rowsPerStep = 8,
): Generator<BuildProgress, SearchIndex, void> {
  const passages: Passage[] = [];
  const infos: DocumentInfo[] = [];
  const rows: IndexedPassage[] = [];
  const bodies: string[] = [];
  const labels: string[] = [];
  const sections = new Map<string, string>();
  const leads: string[] = [];
  const counts = { han: 0, letters: 0 };
  const hanSeen = newHanSeen();
  for (const doc of documents) {
    const own = splitPassages(doc, split);
    const info = documentInfo(doc, passages.length, own.length);
    infos.push(info);
    let lead = '';
    for (const p of own) {
      if (lead.length >= LEAD_CHARS) break;
      lead += `${p.text.slice(0, LEAD_CHARS - lead.length)}\n`;
    }
    leads.push(lead);
    for (const p of own) {
      const body = normalizeText(p.text);
      let section = sections.get(p.section ?? '');
      if (section === undefined) {
        section = normalizeText(p.section ?? '');
        sections.set(p.section ?? '', section);
      }
      rows.push({ id: passages.length, text: body, section });
      bodies.push(body);
      labels.push(labelOf(p.id, info.title, section, body));
      countScript(p.text, counts, hanSeen);
      passages.push(p);
    }
    yield { done: 0, total: 0 };
  }
  const search = yield* indexPassages(rows, rowsPerStep);
  const documentSearch = new MiniSearch<IndexedDocument>(documentSearchOptions());
  for (let i = 0; i < infos.length; i += rowsPerStep * 4) {
    documentSearch.addAll(
      infos.slice(i, i + rowsPerStep * 4).map((d, j) => indexedDocument(d, i + j, leads[i + j] ?? '')),
    );
    yield { done: rows.length, total: rows.length };
  }
  return assembleIndex({
    search,
    documentSearch,
    passages,
    documents: infos,
    corpusHash: corpusHashOf(documents),
    builtAt: new Date(),
    normalizedBodies: bodies,
    labels,
    script: profileOf(counts, hanSeen),
  });
}
