import { createHash } from 'node:crypto';
import MiniSearch from 'minisearch';
import { normalizeText } from './normalize.ts';
import { splitPassages, type SplitOptions } from './passages.ts';
import { TOKENIZER_VERSION, tokenize } from './tokenize.ts';
import type { CorpusDocument, Passage } from './types.ts';

/** What the index keeps of a document (its text lives in the passages). */
export interface DocumentInfo {
  id: string;
  title: string;
  author: string | null;
  publisher: string | null;
  url: string | null;
  published: string | null;
  language: string | null;
  bytes: number;
  mtimeMs: number;
  hash: string;
  /** Ordinal of its first passage in `SearchIndex.passages`, and how many it has. */
  firstPassage: number;
  passageCount: number;
}

/** The live, immutable search index: a reindex builds a new one and swaps it in whole. */
export interface SearchIndex {
  readonly search: MiniSearch<IndexedPassage>;
  /** All passages; the MiniSearch id of a passage is its position here. */
  readonly passages: readonly Passage[];
  readonly passageIndex: ReadonlyMap<string, number>;
  readonly documents: ReadonlyMap<string, DocumentInfo>;
  /** sha256 over the documents' ids and hashes: equal hashes mean an identical corpus. */
  readonly corpusHash: string;
  /**
   * A passage's text with its section, title and byline, normalised as questions are: what coverage
   * is measured on. Computed on first use and kept (at most once per passage).
   */
  readonly normalizedText: (ordinal: number) => NormalizedPassage;
  /** Share of the corpus's letters that are Han characters (0–1), measured on first use. */
  readonly hanShare: () => number;
  readonly tokenizerVersion: number;
  readonly builtAt: Date;
}

/** A passage's own text, and the words around it (section, title, author, publisher), normalised. */
export interface NormalizedPassage {
  body: string;
  meta: string;
}

/** The fields MiniSearch indexes for a passage. */
export interface IndexedPassage {
  id: number;
  text: string;
  section: string;
  title: string;
  byline: string;
}

export const INDEX_FIELDS = ['text', 'section', 'title', 'byline'] as const;

/** MiniSearch options shared by building and loading: a saved index only works with the same tokenizer. */
export function miniSearchOptions(): ConstructorParameters<typeof MiniSearch<IndexedPassage>>[0] {
  return {
    fields: [...INDEX_FIELDS],
    storeFields: [],
    tokenize,
    processTerm: (term) => term,
  };
}

export function corpusHashOf(documents: readonly { id: string; hash: string }[]): string {
  const h = createHash('sha256');
  for (const d of [...documents].sort((a, b) => (a.id < b.id ? -1 : 1))) h.update(`${d.id}\0${d.hash}\n`);
  return h.digest('hex');
}

function indexedPassage(p: Passage, i: number, doc: DocumentInfo): IndexedPassage {
  return {
    id: i,
    text: p.text,
    section: p.section ?? '',
    title: doc.title,
    byline: [doc.author, doc.publisher].filter(Boolean).join(' '),
  };
}

function documentInfo(doc: CorpusDocument, firstPassage: number, passageCount: number): DocumentInfo {
  const { body: _body, ...info } = doc;
  return { ...info, firstPassage, passageCount };
}

/**
 * In how many passages a term occurs, in any field. MiniSearch keeps this in its term tree but has no
 * public accessor; reading it there costs one tree lookup per query term, where a map of our own would
 * cost a second tokenizing pass at build time and space in every snapshot. `minisearch` is pinned to an
 * exact version for this, and a test checks the count.
 */
export function documentFrequency(index: SearchIndex, term: string): number {
  const tree = (index.search as unknown as { _index: { get(term: string): Map<number, Map<number, number>> | undefined } })._index;
  const fields = tree.get(term);
  if (!fields) return 0;
  if (fields.size === 1) return fields.values().next().value?.size ?? 0;
  const docs = new Set<number>();
  for (const perDoc of fields.values()) for (const id of perDoc.keys()) docs.add(id);
  return docs.size;
}

/** Assembles a SearchIndex from its parts (used by building and by loading a snapshot). */
export function assembleIndex(parts: {
  search: MiniSearch<IndexedPassage>;
  passages: Passage[];
  documents: DocumentInfo[];
  corpusHash: string;
  builtAt: Date;
}): SearchIndex {
  const documents = new Map(parts.documents.map((d) => [d.id, d]));
  const normalized: Array<NormalizedPassage | undefined> = [];
  const normalizedText = (ordinal: number): NormalizedPassage => {
    let text = normalized[ordinal];
    if (text === undefined) {
      const p = parts.passages[ordinal]!;
      const doc = documents.get(p.docId);
      const meta = normalizeText([p.section ?? '', doc?.title ?? '', doc?.author ?? '', doc?.publisher ?? ''].join('\n'));
      text = { body: normalizeText(p.text), meta };
      normalized[ordinal] = text;
    }
    return text;
  };
  let hanShareValue: number | undefined;
  const hanShare = (): number => {
    if (hanShareValue === undefined) {
      let han = 0;
      let letters = 0;
      for (const p of parts.passages) {
        han += p.text.match(/\p{sc=Han}/gu)?.length ?? 0;
        letters += p.text.match(/\p{L}/gu)?.length ?? 0;
      }
      hanShareValue = letters === 0 ? 0 : han / letters;
    }
    return hanShareValue;
  };
  return Object.freeze({
    hanShare,
    search: parts.search,
    passages: parts.passages,
    passageIndex: new Map(parts.passages.map((p, i) => [p.id, i])),
    documents,
    normalizedText,
    corpusHash: parts.corpusHash,
    tokenizerVersion: TOKENIZER_VERSION,
    builtAt: parts.builtAt,
  });
}

/** Splits documents into passages and the rows MiniSearch indexes. */
function prepare(documents: readonly CorpusDocument[], split: Partial<SplitOptions>): { passages: Passage[]; infos: DocumentInfo[]; rows: IndexedPassage[] } {
  const passages: Passage[] = [];
  const infos: DocumentInfo[] = [];
  const rows: IndexedPassage[] = [];
  for (const doc of documents) {
    const own = splitPassages(doc, split);
    const info = documentInfo(doc, passages.length, own.length);
    infos.push(info);
    for (const p of own) {
      rows.push(indexedPassage(p, passages.length, info));
      passages.push(p);
    }
  }
  return { passages, infos, rows };
}

/** Splits the documents into passages and indexes them, in one go (the CLI, tests, the bench). */
export function buildIndex(documents: readonly CorpusDocument[], split: Partial<SplitOptions> = {}): SearchIndex {
  const { passages, infos, rows } = prepare(documents, split);
  const search = new MiniSearch<IndexedPassage>(miniSearchOptions());
  search.addAll(rows);
  return assembleIndex({ search, passages, documents: infos, corpusHash: corpusHashOf(documents), builtAt: new Date() });
}

/**
 * The same index as `buildIndex`, built in chunks that yield to the event loop between them, so a
 * bot keeps answering from its live index while a new one is built. `chunkSize` passages per turn
 * (default 200: about a millisecond of work).
 */
export async function buildIndexAsync(
  documents: readonly CorpusDocument[],
  split: Partial<SplitOptions> = {},
  onProgress?: (done: number, total: number) => void,
  chunkSize = 200,
): Promise<SearchIndex> {
  const { passages, infos, rows } = prepare(documents, split);
  const search = new MiniSearch<IndexedPassage>(miniSearchOptions());
  for (let i = 0; i < rows.length; i += chunkSize) {
    await new Promise<void>((resolve) => setImmediate(resolve));
    search.addAll(rows.slice(i, i + chunkSize));
    onProgress?.(Math.min(rows.length, i + chunkSize), rows.length);
  }
  return assembleIndex({ search, passages, documents: infos, corpusHash: corpusHashOf(documents), builtAt: new Date() });
}
