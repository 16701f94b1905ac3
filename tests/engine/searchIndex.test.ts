import { fileURLToPath } from 'node:url';
import MiniSearch from 'minisearch';
import { describe, expect, it } from 'vitest';
import { assembleIndex, buildIndex, miniSearchOptions, type IndexedPassage } from '../../src/engine/searchIndex.ts';
import { normalizeText } from '../../src/engine/normalize.ts';
import { loadCorpus } from '../../src/store/corpus.ts';

const CORPORA = ['../fixtures/ranking-corpus', '../../corpus'].map((p) => fileURLToPath(new URL(p, import.meta.url)));

describe('the passages index', () => {
  it.each(CORPORA)('is, map for map, the index MiniSearch’s own addAll makes (%s)', async (dir) => {
    const index = buildIndex((await loadCorpus(dir)).documents);
    const rows: IndexedPassage[] = index.passages.map((p, id) => ({
      id,
      text: normalizeText(p.text),
      section: normalizeText(p.section ?? ''),
    }));
    const reference = new MiniSearch<IndexedPassage>(miniSearchOptions());
    reference.addAll(rows);
    expect(index.passages.length).toBeGreaterThan(10);
    expect(JSON.stringify(index.search)).toBe(JSON.stringify(reference));
  });

  it.each(CORPORA)('has the autocomplete labels an index assembled without them computes (%s)', async (dir) => {
    const built = buildIndex((await loadCorpus(dir)).documents);
    const assembled = assembleIndex({
      search: built.search,
      documentSearch: built.documentSearch,
      passages: [...built.passages],
      documents: [...built.documentList],
      corpusHash: built.corpusHash,
      builtAt: built.builtAt,
    });
    expect(built.labels.length).toBe(built.passages.length);
    expect(built.labels).toEqual(assembled.labels);
  });
});
