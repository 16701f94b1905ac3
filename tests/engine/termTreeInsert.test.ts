import fc from 'fast-check';
import SearchableMap from 'minisearch/SearchableMap';
import { describe, expect, it } from 'vitest';
import { insertTerms } from '../../src/engine/termTreeInsert.ts';

/** A tree as nested arrays in its maps' own order: two trees are the same when these are equal. */
function shape(node: Map<string, unknown>): unknown {
  return [...node].map(([k, v]) => [k, v instanceof Map ? shape(v as Map<string, unknown>) : v]);
}

function bothWays(terms: readonly string[]): { ours: unknown; theirs: unknown } {
  const entries = terms.map((t, i): [string, unknown] => [t, i]);
  const reference = new SearchableMap<unknown>();
  for (const [t, v] of entries) reference.set(t, v);
  const tree = new Map<string, unknown>();
  for (const _ of insertTerms(tree, entries, 7)); // in steps of 7, as a build spreads it
  const internals = reference as unknown as { _tree: Map<string, unknown> };
  return { ours: shape(tree), theirs: shape(internals._tree) };
}

describe('putting terms into MiniSearch’s term tree', () => {
  it('makes the tree SearchableMap.set makes, split for split and in the same order', () => {
    const { ours, theirs } = bothWays(['romane', 'romanus', 'romulus', 'rubens', 'ruber', 'rubicon', 'rom', 'r']);
    expect(ours).toEqual(theirs);
  });

  it('for any terms, Han bigrams and surrogate pairs included, in any order, repeated or not', () => {
    const unit = fc.constantFrom('a', 'b', 'ab', '中', '文', '中文', '\u{20000}', '\uE123', '-');
    const term = fc.array(unit, { minLength: 1, maxLength: 5 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(fc.array(term, { maxLength: 60 }), (terms) => {
        const { ours, theirs } = bothWays(terms);
        expect(ours).toEqual(theirs);
      }),
    );
  });
});
