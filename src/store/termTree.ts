/**
 * MiniSearch's term tree (a radix tree of maps) cut into pieces and put back together: how the build
 * worker hands a new index's terms to the answering thread a few milliseconds at a time. Whole
 * subtrees travel as they are, so the receiver only sets map entries and never searches the tree.
 * minisearch is pinned to an exact version for this.
 */

/** A node of MiniSearch's radix tree: edge labels to child nodes, and '' to the term's data. */
export type TermTree = Map<string, unknown>;

/**
 * MiniSearch's private fields that the handover and the snapshot read and set (minisearch is pinned to an
 * exact version for this). `_index` is its SearchableMap: entries by term, over the radix tree.
 */
export interface MiniSearchInternals {
  _documentCount: number;
  _nextId: number;
  _documentIds: Map<number, unknown>;
  _idToShortId: Map<unknown, number>;
  _fieldIds: Record<string, number>;
  _fieldLength: Map<number, number[]>;
  _avgFieldLength: number[];
  _storedFields: Map<number, unknown>;
  _dirtCount: number;
  _index: { _tree: TermTree } & Iterable<[string, Map<number, Map<number, number>>]>;
}

/**
 * Part of a term tree: at the node reached from the root by `path` (edge labels), `key` gets `value`
 * (a whole subtree, or an empty node for a large one whose entries follow in later pieces).
 */
export type TreeEntry = [path: string[], key: string, value: unknown];

const LEAF = '';

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
