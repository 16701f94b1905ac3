/** A node of MiniSearch's radix tree: edge labels to child nodes, and '' to the term's data. */
export type TermTree = Map<string, unknown>;

/** A term's postings: field id → passage (short id) → how often the term occurs there. */
export type TermData = Map<number, Map<number, number>>;

/**
 * MiniSearch's private fields and steps that the project reads and sets: the index build
 * (searchIndex.ts), the exact-term search (ranking/bm25.ts), document frequencies, the worker handover
 * and the snapshot (src/store). minisearch is pinned to an exact version for this, and tests compare
 * what they make with MiniSearch's own. `_index` is its SearchableMap: entries by term, over the radix tree.
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
  _index: {
    _tree: TermTree;
    /** Its cached size: undefined makes it count again. */
    _size: number | undefined;
    get(term: string): TermData | undefined;
    /** The terms that start with a prefix (a view of the same tree). */
    atPrefix(prefix: string): { keys(): Iterable<string> };
  } & Iterable<[string, TermData]>;
  addDocumentId(id: unknown): number;
  addFieldLength(shortId: number, fieldId: number, count: number, length: number): void;
}

/** The private side of a MiniSearch index. */
export function internalsOf(search: object): MiniSearchInternals {
  return search as unknown as MiniSearchInternals;
}
