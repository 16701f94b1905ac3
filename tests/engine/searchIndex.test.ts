import { fileURLToPath } from 'node:url';
import MiniSearch from 'minisearch';
import { describe, expect, it } from 'vitest';
import {
  assembleIndex,
  buildIndex,
  miniSearchOptions,
  scriptProfile,
  type IndexedPassage,
} from '../../src/engine/searchIndex.ts';
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

describe('the corpus’s script profile (what decides whether Chinese words are looked for in English text)', () => {
  // The profile counts by char codes: it must count what the regular expressions for Han and letters match.
  const byRegex = (texts: string[]): { hanShare: number; hanCharacters: string } => {
    const all = texts.join('');
    const han = all.match(/\p{sc=Han}/gu) ?? [];
    const letters = all.match(/\p{L}/gu)?.length ?? 0;
    return { hanShare: letters === 0 ? 0 : han.length / letters, hanCharacters: [...new Set(han)].join('') };
  };

  it('counts Han characters and letters as the Unicode properties say, astral and odd ones included', () => {
    const texts = [
      'GIMP 的图层蒙版 (layer mask)：ＡＢＣ全角字母，〇与々也是汉字',
      '𠀀𪚥 are Han outside the BMP; ひらがな and カタカナ are letters, not Han; Ünïcödé, ß',
      'lone \ud800 surrogate, emoji 😀, digits 123, ㈠ and 〆',
      '',
    ];
    expect(scriptProfile(texts)).toEqual(byRegex(texts));
  });

  it('finds every character of the main CJK block a Han letter', () => {
    const block = Array.from({ length: 0x9fff - 0x4e00 + 1 }, (_, i) => String.fromCharCode(0x4e00 + i)).join('');
    expect(scriptProfile([block])).toEqual(byRegex([block]));
  });
});
