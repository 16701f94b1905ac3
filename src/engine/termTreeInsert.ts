/**
 * Putting terms into MiniSearch's term tree (a radix tree of maps: edge labels to child nodes, '' to the
 * term's data) the way its SearchableMap.set does, split for split and in the same order, so that the
 * tree is map for map the one set() makes. set() finds a node's child by scanning the node's keys for the
 * one starting with the next character, which on a corpus of 100,000 terms (a root of hundreds of
 * children) was most of the index build; here each node's children are found by their first UTF-16 unit
 * in a side map. minisearch is pinned to an exact version for this, and a test compares the result
 * with MiniSearch's own.
 */

import type { TermTree } from './miniSearchInternals.ts';

const LEAF = '';

/** A node's children by the first unit of their edge label, made from its keys on first use. */
function childrenByFirst(index: WeakMap<TermTree, Map<string, string>>, node: TermTree): Map<string, string> {
  let firsts = index.get(node);
  if (!firsts) {
    firsts = new Map();
    for (const k of node.keys()) if (k !== LEAF) firsts.set(k[0]!, k);
    index.set(node, firsts);
  }
  return firsts;
}

/** The node for `key`, made as minisearch's createPath makes it (splitting an edge where the key leaves it). */
function createPath(root: TermTree, key: string, index: WeakMap<TermTree, Map<string, string>>): TermTree {
  let node = root;
  let pos = 0;
  while (pos < key.length) {
    const firsts = childrenByFirst(index, node);
    const k = firsts.get(key[pos]!);
    if (k === undefined) {
      const child: TermTree = new Map();
      const label = key.slice(pos);
      node.set(label, child);
      firsts.set(label[0]!, label);
      return child;
    }
    const len = Math.min(key.length - pos, k.length);
    let offset = 1;
    while (offset < len && key[pos + offset] === k[offset]) ++offset;
    const child = node.get(k) as TermTree;
    if (offset === k.length) {
      node = child;
    } else {
      // The key leaves the edge part-way: an intermediate node takes the edge's rest, as in minisearch.
      const intermediate: TermTree = new Map();
      const rest = k.slice(offset);
      intermediate.set(rest, child);
      index.set(intermediate, new Map([[rest[0]!, rest]]));
      const label = key.slice(pos, pos + offset);
      node.set(label, intermediate);
      node.delete(k);
      firsts.set(label[0]!, label);
      node = intermediate;
    }
    pos += offset;
  }
  return node;
}

/**
 * Sets each term's data in the tree, in the order given, `perStep` terms per step (a caller spreads the
 * steps over event-loop turns). The SearchableMap over this tree must forget its cached size afterwards.
 */
export function* insertTerms(root: TermTree, terms: Iterable<[string, unknown]>, perStep: number): Generator<void> {
  const index = new WeakMap<TermTree, Map<string, string>>();
  let n = 0;
  for (const [term, data] of terms) {
    createPath(root, term, index).set(LEAF, data);
    if (++n % perStep === 0) yield;
  }
}
