/** The formats a document can be written in (one module each under src/store/formats/). */
export type DocumentFormat = 'text' | 'markdown' | 'html';

/** What a block of a document is. Headings name sections and are not quoted themselves. */
export type BlockKind = 'paragraph' | 'heading' | 'code' | 'list' | 'table' | 'quote';

/** One block of a document's body: `body.slice(start, end)` is its text. */
export interface DocumentBlock {
  start: number;
  end: number;
  kind: BlockKind;
  /** The innermost heading above the block (a heading block's own text for a heading), or null. */
  section: string | null;
  /** Every heading above the block, outermost first (the same array for blocks of one section). */
  headings: readonly string[];
}

/** A document as loaded from the corpus directory. Its text is kept verbatim. */
export interface CorpusDocument {
  /** Path relative to the corpus directory, with forward slashes: `ai-founders.md`. */
  id: string;
  title: string;
  author: string | null;
  publisher: string | null;
  url: string | null;
  published: string | null;
  language: string | null;
  /**
   * The text passages are slices of: for text and Markdown the file without front matter, exactly as in
   * the file (line ends normalised to \n); for HTML the page's readable text, blocks joined by blank lines.
   */
  body: string;
  /** Set by the loader; absent on documents built by hand (they are split as plain text or Markdown by id). */
  format?: DocumentFormat;
  /** Front matter `description:` or HTML `<meta name="description">`. */
  description?: string | null;
  /** Front matter `tags:`. */
  tags?: readonly string[];
  /** Front matter `aliases:`: words and phrases the document is also known by. */
  aliases?: readonly string[];
  /** The whole parsed front matter (empty when there is none), for features that read keys of their own. */
  meta?: Readonly<Record<string, unknown>>;
  /** The body's blocks in order, offsets into `body`. Absent: the splitter scans the body's lines. */
  blocks?: readonly DocumentBlock[];
  /** Size of the file in bytes. */
  bytes: number;
  /** Last modification time of the file, ms since the epoch (0 when not from a file). */
  mtimeMs: number;
  /** sha256 of the file's bytes, hex: tells a changed document from an unchanged one. */
  hash: string;
}

/** Where a passage comes from: what an answer shows under each quote. */
export interface Citation {
  docId: string;
  title: string;
  author: string | null;
  section: string | null;
  /** First and last paragraph number (1-based, counting the document's content paragraphs). */
  paragraphs: [number, number];
  url: string | null;
}

/** One or more consecutive paragraphs of a document (or a sentence-aligned piece of a long one). */
export interface Passage {
  /** Stable across reindexes of an unchanged document: `doc.md#p5`, `doc.md#p5-6`, `doc.md#p7.2`. */
  id: string;
  docId: string;
  /** Position of the passage in its document, 0-based: neighbours are ordinal ± 1. */
  ordinal: number;
  /** Verbatim text; paragraphs joined with "\n". */
  text: string;
  section: string | null;
  paragraphs: [number, number];
}

/** A passage returned for a question. */
export interface AnswerPassage {
  rank: number;
  /** The ranking score: higher is better. Comparable within one answer only. */
  score: number;
  /** Share of the question's content (weighted by rarity) that this passage contains, 0–1. */
  coverage: number;
  id: string;
  text: string;
  /** The sentence of `text` that best answers: `text.slice(start, end)`. */
  bestSentence: { start: number; end: number };
  /** Character ranges in `text` that match the question's terms, sorted, not overlapping. */
  highlights: Array<{ start: number; end: number }>;
  citation: Citation;
}

export interface Answer {
  question: string;
  answered: boolean;
  tookMs: number;
  passages: AnswerPassage[];
  /** The question's content terms after normalisation (what was searched for). */
  terms: string[];
  /** The question's terms found in the corpus at all: handy for "did you mean" suggestions. */
  matchedTerms: string[];
}
