import { describe, expect, it } from 'vitest';
import { buildIndex } from '../../src/engine/searchIndex.ts';
import type { TermTree } from '../../src/engine/miniSearchInternals.ts';
import MiniSearch from 'minisearch';
import { flattenTree, putPiece, treePieces, type FlatTree } from '../../src/store/termTree.ts';
import { settleTree, unflattenTree } from '../../src/store/lazyTree.ts';
import { documentOf } from '../support/documents.ts';

/** The term tree of a small mixed Chinese and English index (shared prefixes at several depths). */
function termTreeOf(): TermTree {
  const documents = Array.from({ length: 30 }, (_, i) =>
    documentOf(
      `d${i}.md`,
      `第${i}段讲述大熊猫和小熊猫的区别。Pandas eat bamboo; panda${i} pandemic pantry pan ${i % 7} 熊猫${i % 5}号。`,
      { hash: String(i) },
    ),
  );
  return (buildIndex(documents).search as unknown as { _index: { _tree: TermTree } })._index._tree;
}

/** Every term of a tree with its data, found by walking it (what MiniSearch's lookups see). */
function termsOf(tree: TermTree, prefix = '', out = new Map<string, unknown>()): Map<string, unknown> {
  for (const [key, value] of tree) {
    if (key === '') out.set(prefix, value);
    else termsOf(value as TermTree, prefix + key, out);
  }
  return out;
}

describe('treePieces and putPiece', () => {
  it('cut a term tree into small pieces that put back together give the same terms with the same data', () => {
    const tree = termTreeOf();
    const pieces = [...treePieces(tree, 5)];
    const rebuilt: TermTree = new Map();
    // Each piece crosses a thread as a structured clone: put back a clone, not the original objects.
    for (const piece of pieces) putPiece(rebuilt, structuredClone(piece));
    expect(pieces.length).toBeGreaterThan(10);
    expect(termsOf(rebuilt)).toEqual(termsOf(tree));
    expect(rebuilt).toEqual(tree);
  });

  it('keep each piece to about the limit: no piece carries more than twice its terms', () => {
    const tree = termTreeOf();
    const limit = 8;
    for (const piece of treePieces(tree, limit)) {
      const terms = piece.reduce((sum, [, key, value]) => sum + (key === '' ? 1 : termsOf(value as TermTree).size), 0);
      expect(terms).toBeLessThanOrEqual(2 * limit);
    }
  });

  it('send a tree smaller than the limit as one piece', () => {
    const tree = termTreeOf();
    const pieces = [...treePieces(tree, 1_000_000)];
    expect(pieces).toHaveLength(1);
    const rebuilt: TermTree = new Map();
    putPiece(rebuilt, pieces[0]!);
    expect(rebuilt).toEqual(tree);
  });
});

describe('flattenTree and unflattenTree', () => {
  const flat = (tree: TermTree): FlatTree => {
    const keys: string[] = [];
    const pieces = [...flattenTree(tree, keys)];
    const nums = new Uint32Array(pieces.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of pieces) {
      nums.set(p, at);
      at += p.length;
    }
    return { keys, nums };
  };

  it('give back the same tree, map for map in the same order, after the labels went through JSON', () => {
    const tree = termTreeOf();
    const { keys, nums } = flat(tree);
    const rebuilt: TermTree = new Map();
    unflattenTree({ keys: JSON.parse(JSON.stringify(keys)) as string[], nums }, rebuilt);
    // Restored lazily: not yet plain maps below the root, until settled.
    expect(rebuilt).not.toEqual(tree);
    for (const _ of settleTree(rebuilt, 3));
    expect(rebuilt).toEqual(tree);
    expect(termsOf(rebuilt)).toEqual(termsOf(tree));
    expect([...termsOf(rebuilt).keys()]).toEqual([...termsOf(tree).keys()]);
  });

  it('answer lookups from a lazily restored tree as from the built one, before it is settled', () => {
    const tree = termTreeOf();
    const { keys, nums } = flat(tree);
    const built = new MiniSearch({ fields: ['text'] });
    const restored = new MiniSearch({ fields: ['text'] });
    const sm = (m: MiniSearch) => (m as unknown as { _index: { _tree: TermTree; get(t: string): unknown } })._index;
    sm(built)._tree = tree;
    unflattenTree({ keys, nums }, sm(restored)._tree);
    for (const term of [...termsOf(tree).keys()].slice(0, 40))
      expect(sm(restored).get(term)).toEqual(sm(built).get(term));
    expect(sm(restored).get('not-a-term')).toBeUndefined();
    // Prefix and fuzzy walks (what MiniSearch's search makes of a tree) find the same terms.
    const index = (m: MiniSearch) =>
      sm(m) as unknown as {
        atPrefix(p: string): Iterable<[string, unknown]>;
        fuzzyGet(t: string, d: number): Map<string, unknown>;
      };
    expect([...index(restored).atPrefix('pan')]).toEqual([...index(built).atPrefix('pan')]);
    expect([...index(restored).fuzzyGet('pandsa', 2)]).toEqual([...index(built).fuzzyGet('pandsa', 2)]);
    expect(termsOf(sm(restored)._tree)).toEqual(termsOf(tree));
  });

  it('keep a label that ends inside a surrogate pair (terms that share the first half of an astral character)', () => {
    // 𠀀 and 𠀁 share their high surrogate: the radix tree splits between the two halves.
    const tree = (
      buildIndex([documentOf('a.md', '𠀀甲 𠀁乙 𠀀丙', { hash: 'a' })]).search as unknown as {
        _index: { _tree: TermTree };
      }
    )._index._tree;
    const { keys, nums } = flat(tree);
    expect(keys.some((k) => /[\ud800-\udbff]$/.test(k))).toBe(true);
    const rebuilt: TermTree = new Map();
    unflattenTree({ keys: JSON.parse(JSON.stringify(keys)) as string[], nums }, rebuilt);
    for (const _ of settleTree(rebuilt));
    expect(rebuilt).toEqual(tree);
  });

  it('refuse arrays that do not make one whole tree', () => {
    const { keys, nums } = flat(termTreeOf());
    expect(() => unflattenTree({ keys: keys.slice(1), nums }, new Map())).toThrow(/does not match/);
    expect(() => unflattenTree({ keys, nums: nums.subarray(0, nums.length - 1) }, new Map())).toThrow(/does not match/);
    expect(() => unflattenTree({ keys, nums: Uint32Array.of(...nums, 0) }, new Map())).toThrow(/does not match/);
  });
});
