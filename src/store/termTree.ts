/**
 * MiniSearch's term tree (a radix tree of maps) cut into pieces and put back together: how the build
 * worker hands a new index's terms to the answering thread a few milliseconds at a time. Whole
 * subtrees travel as they are, so the receiver only sets map entries and never searches the tree.
 * minisearch is pinned to an exact version for this.
 */

import type { TermTree } from '../engine/miniSearchInternals.ts';

/**
 * Part of a term tree: at the node reached from the root by `path` (edge labels), `key` gets `value`
 * (a whole subtree, or an empty node for a large one whose entries follow in later pieces).
 */
export type TreeEntry = [path: string[], key: string, value: unknown];

/** The key of a node's own term data. */
export const LEAF = '';

/** How many terms a subtree holds (its leaves), each node counted once. */
function termCount(node: TermTree, counts: WeakMap<TermTree, number>): number {
  let n = counts.get(node);
  if (n !== undefined) return n;
  n = 0;
  for (const [key, child] of node) n += key === LEAF ? 1 : termCount(child as TermTree, counts);
  counts.set(node, n);
  return n;
}

/**
 * A term tree as pieces of about `limit` terms: a subtree that small goes whole, a larger one as an
 * empty node followed by its entries (its own term, its children). Parents come before their
 * children, so the receiver always has the node a piece is put under.
 */
export function* treePieces(root: TermTree, limit: number): Generator<TreeEntry[]> {
  const counts = new WeakMap<TermTree, number>();
  let batch: TreeEntry[] = [];
  let size = 0;
  function* add(entry: TreeEntry, terms: number): Generator<TreeEntry[]> {
    batch.push(entry);
    size += terms;
    if (size >= limit) {
      yield batch;
      batch = [];
      size = 0;
    }
  }
  function* walk(node: TermTree, at: string[]): Generator<TreeEntry[]> {
    for (const [key, child] of node) {
      if (key === LEAF) {
        yield* add([at, key, child], 1);
        continue;
      }
      const subtree = child as TermTree;
      const terms = termCount(subtree, counts);
      if (terms <= limit) {
        yield* add([at, key, subtree], terms);
        continue;
      }
      yield* add([at, key, new Map()], 0);
      yield* walk(subtree, [...at, key]);
    }
  }
  yield* walk(root, []);
  if (batch.length) yield batch;
}

/** Puts one piece into the tree being rebuilt (pieces in the order `treePieces` made them). */
export function putPiece(root: TermTree, entries: readonly TreeEntry[]): void {
  for (const [at, key, value] of entries) {
    let node = root;
    for (const label of at) node = node.get(label) as TermTree;
    node.set(key, value);
  }
}

/**
 * A term tree as flat arrays, for the snapshot file: its edge labels in depth-first order (`keys`), and
 * its shape and data as whole numbers (`nums`). A node is its entry count, then per entry its label (the
 * next key) and either a child node or, for the '' entry, the term's data: the number of fields, then per
 * field its id, its number of documents, and each document's short id and term frequency.
 */
export interface FlatTree {
  keys: string[];
  nums: Uint32Array;
}

/** How many numbers one piece of a flattened tree carries. */
const FLAT_PIECE = 1 << 14;

/**
 * Flattens a term tree, a piece of `nums` at a time (so a large tree is written without holding the event
 * loop); the labels are collected into `keys`, complete once the generator is done. Throws on a number
 * that is not a whole number below 2³² (MiniSearch keeps only counts and ids there).
 */
export function* flattenTree(root: TermTree, keys: string[]): Generator<Uint32Array> {
  let piece = new Uint32Array(FLAT_PIECE);
  let at = 0;
  function* put(n: number): Generator<Uint32Array> {
    if (!(n >>> 0 === n)) throw new Error(`a term tree holds ${n}, not a whole number below 2^32`);
    piece[at++] = n;
    if (at === FLAT_PIECE) {
      yield piece;
      piece = new Uint32Array(FLAT_PIECE);
      at = 0;
    }
  }
  function* node(tree: TermTree): Generator<Uint32Array> {
    yield* put(tree.size);
    for (const [key, child] of tree) {
      keys.push(key);
      if (key !== LEAF) {
        yield* node(child as TermTree);
        continue;
      }
      const fields = child as Map<number, Map<number, number>>;
      yield* put(fields.size);
      for (const [fieldId, freqs] of fields) {
        yield* put(fieldId);
        yield* put(freqs.size);
        for (const [shortId, freq] of freqs) {
          yield* put(shortId);
          yield* put(freq);
        }
      }
    }
  }
  yield* node(root);
  if (at > 0) yield piece.subarray(0, at);
}
