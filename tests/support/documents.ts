import type { CorpusDocument } from '../../src/engine/types.ts';

/** A plain-text document made in memory for a test: no file, no metadata but what `more` sets. */
export function documentOf(id: string, body: string, more: Partial<CorpusDocument> = {}): CorpusDocument {
  return {
    id,
    title: id,
    author: null,
    publisher: null,
    url: null,
    published: null,
    language: null,
    body,
    bytes: body.length,
    mtimeMs: 0,
    hash: '',
    ...more,
  };
}
