import type { DocumentBlock, DocumentFormat } from '../../engine/types.ts';
import type { IndexEntry } from './bookIndex.ts';

/** What a format module makes of a file's text: the document without the loader's file facts. */
export interface ParsedDocument {
  format: DocumentFormat;
  /** The document's own title, or null for the loader to use the file name. */
  title: string | null;
  author: string | null;
  publisher: string | null;
  url: string | null;
  published: string | null;
  language: string | null;
  description: string | null;
  tags: string[];
  aliases: string[];
  meta: Record<string, unknown>;
  /** The text passages are slices of. Never blank (a format throws document.empty instead). */
  body: string;
  /** The body's blocks in order, offsets into `body`. */
  blocks: DocumentBlock[];
  /**
   * Names this file gives other documents (a back-of-book index's entries, links relative to the file):
   * the loader adds them to the aliases of the documents they point to.
   */
  indexEntries?: IndexEntry[];
}

/** One document format: the file extensions it reads and how it turns their text into a document. */
export interface DocumentFormatModule {
  format: DocumentFormat;
  /** What moderators call it in messages: "Markdown". */
  label: string;
  /** Lower-case file extensions with the dot: ['.md']. */
  extensions: readonly string[];
  /**
   * Parses a file's text (UTF-8 decoded, BOM removed, line ends normalised to \n). Throws a UserFacingError
   * saying what is wrong when the file cannot be a document.
   */
  parse(source: string, id: string): ParsedDocument;
  /** The file's text with `title` written into it, the way this format states a title. */
  withTitle(source: string, title: string): string;
}

/** A parsed document with no metadata: the fields each format fills in as it finds them. */
export function emptyMetadata(): Omit<ParsedDocument, 'format' | 'body' | 'blocks'> {
  return {
    title: null,
    author: null,
    publisher: null,
    url: null,
    published: null,
    language: null,
    description: null,
    tags: [],
    aliases: [],
    meta: {},
  };
}
