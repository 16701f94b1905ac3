/**
 * A flattened term tree (termTree.ts's `FlatTree`, as the snapshot stores it) restored lazily: a node's map is
 * made when MiniSearch first uses it, the rest later a slice at a time.
 */

import type { TermTree } from '../engine/miniSearchInternals.ts';
import { LEAF, type FlatTree } from './termTree.ts';

/**
 * Where each node of a flattened tree starts and ends in its arrays, by the node's number in depth-first
 * order: found in one pass that makes no map, so a node's map can be made when first used.
 */
interface Layout {
  keys: readonly string[];
  nums: Uint32Array;
  startKey: Uint32Array;
  startNum: Uint32Array;
  endKey: Uint32Array;
  endNum: Uint32Array;
  /** The number of the node after this one's subtree. */
  next: Uint32Array;
}

/** Roots restored lazily whose nodes are not all made yet (see {@link settleTree}). */
const unsettled = new WeakSet<TermTree>();

/**
 * A node of a restored tree whose map is made on first use, from the flat arrays, and then put in its
 * parent in its place: later lookups from the root meet a plain map, and a holder of this node gets the
 * same map through it. Its children start as lazy nodes in turn. MiniSearch uses a node only through
 * Map's methods (no instanceof), which this class forwards.
 */
class LazyNode implements Map<string, unknown> {
  readonly [Symbol.toStringTag] = 'Map';
  #full: TermTree | undefined;
  #parent: TermTree | null;
  readonly #layout: Layout;
  readonly #ordinal: number;
  readonly #key: string;

  constructor(layout: Layout, ordinal: number, parent: TermTree, key: string) {
    this.#layout = layout;
    this.#ordinal = ordinal;
    this.#parent = parent;
    this.#key = key;
  }

  /** The node's own map, made (and put in the parent's place) the first time. */
  get map(): TermTree {
    if (this.#full === undefined) {
      const full: TermTree = new Map();
      fillNode(this.#layout, this.#ordinal, full);
      this.#full = full;
      this.#parent!.set(this.#key, full);
      this.#parent = null;
    }
    return this.#full;
  }

  get size(): number {
    return this.map.size;
  }
  get(key: string): unknown {
    return this.map.get(key);
  }
  has(key: string): boolean {
    return this.map.has(key);
  }
  set(key: string, value: unknown): this {
    this.map.set(key, value);
    return this;
  }
  delete(key: string): boolean {
    return this.map.delete(key);
  }
  clear(): void {
    this.map.clear();
  }
  forEach(callback: (value: unknown, key: string, map: Map<string, unknown>) => void, thisArg?: unknown): void {
    this.map.forEach((value, key) => callback.call(thisArg, value, key, this));
  }
  keys(): MapIterator<string> {
    return this.map.keys();
  }
  values(): MapIterator<unknown> {
    return this.map.values();
  }
  entries(): MapIterator<[string, unknown]> {
    return this.map.entries();
  }
  [Symbol.iterator](): MapIterator<[string, unknown]> {
    return this.map.entries();
  }
}

/** Sets node `ordinal`'s entries into `into`: its term's data as maps, its children as lazy nodes. */
function fillNode(layout: Layout, ordinal: number, into: TermTree): void {
  const { keys, nums, startKey, startNum, endKey, endNum, next } = layout;
  let k = startKey[ordinal]!;
  let i = startNum[ordinal]!;
  let child = ordinal + 1;
  const entries = nums[i++]!;
  for (let e = 0; e < entries; e++) {
    const key = keys[k++]!;
    if (key !== LEAF) {
      into.set(key, new LazyNode(layout, child, into, key));
      k = endKey[child]!;
      i = endNum[child]!;
      child = next[child]!;
      continue;
    }
    const fields = new Map<number, Map<number, number>>();
    const fieldCount = nums[i++]!;
    for (let f = 0; f < fieldCount; f++) {
      const fieldId = nums[i++]!;
      const count = nums[i++]!;
      const freqs = new Map<number, number>();
      for (let d = 0; d < count; d++, i += 2) freqs.set(nums[i]!, nums[i + 1]!);
      fields.set(fieldId, freqs);
    }
    into.set(LEAF, fields);
  }
}

/**
 * Restores a flattened tree into `root` (an empty node). One pass checks the arrays make one whole tree
 * (throws when they do not) and notes where each node lies; only the root's entries are made now, every
 * other node when first used (fortunes-zh: 0.5 s of maps and their garbage collection off the start-up).
 * The restored tree keeps `nums` and `keys` until {@link settleTree} has made every node.
 */
export function unflattenTree({ keys, nums }: FlatTree, root: TermTree): void {
  const capacity = keys.length + 1;
  const layout: Layout = {
    keys,
    nums,
    startKey: new Uint32Array(capacity),
    startNum: new Uint32Array(capacity),
    endKey: new Uint32Array(capacity),
    endNum: new Uint32Array(capacity),
    next: new Uint32Array(capacity),
  };
  let k = 0;
  let i = 0;
  let nodes = 0;
  const fail = (): never => {
    throw new Error('the term tree does not match its stored length');
  };
  const scan = (): void => {
    const me = nodes++;
    if (me >= capacity) fail();
    layout.startKey[me] = k;
    layout.startNum[me] = i;
    const entries = nums[i++] ?? fail();
    for (let e = 0; e < entries; e++) {
      const key = keys[k++] ?? fail();
      if (key !== LEAF) {
        scan();
        continue;
      }
      const fieldCount = nums[i++] ?? fail();
      for (let f = 0; f < fieldCount; f++) {
        if (i + 2 > nums.length) fail();
        const count = nums[i + 1]!;
        i += 2;
        if (i + 2 * count > nums.length) fail();
        i += 2 * count;
      }
    }
    layout.endKey[me] = k;
    layout.endNum[me] = i;
    layout.next[me] = nodes;
  };
  scan();
  if (k !== keys.length || i !== nums.length) fail();
  fillNode(layout, 0, root);
  if (nodes > 1) unsettled.add(root);
}

/**
 * Makes every node of a lazily restored tree (see {@link unflattenTree}) a plain map, yielding every
 * `nodesPerStep` nodes so it can run a slice at a time; then the flat arrays can be freed. Nothing to do
 * for a tree that was built, not restored.
 */
export function* settleTree(root: TermTree, nodesPerStep = 2_000): Generator<void, void, void> {
  if (!unsettled.has(root)) return;
  const stack: TermTree[] = [root];
  let made = 0;
  while (stack.length > 0) {
    const node = stack.pop()!;
    for (const [key, value] of node) {
      if (key === LEAF) continue;
      stack.push(value instanceof LazyNode ? value.map : (value as TermTree));
      if (++made % nodesPerStep === 0) yield;
    }
  }
  unsettled.delete(root);
}
