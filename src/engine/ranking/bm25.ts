import { internalsOf, type MiniSearchInternals } from '../miniSearchInternals.ts';
import type MiniSearch from 'minisearch';

/**
 * MiniSearch's OR search over exact terms (no prefix, no fuzzy), scored as it scores them — BM25 per
 * field with its default parameters, the field boosts, the sum over terms in query order, times the
 * number of the query's terms the passage has — and ordered as it orders them (by score, ties in the
 * order the passages were first met), without the result object MiniSearch makes for every posting
 * (on manpages-zh that was most of an answer's time). minisearch is pinned to an exact version for this,
 * and a test compares the two on every question of the eval sets.
 */

/** MiniSearch's defaults (k, b, d), as its search uses them. */
const K = 1.2;
const B = 0.7;
const D = 0.5;

/**
 * Per-passage scratch space, reused from one question to the next (only what a question touched is
 * reset), made on an index's first question. An index is never changed once built (a reindex builds a
 * new one), so its field lengths can be read once.
 */
interface Scratch {
  total: Float64Array;
  part: Float64Array;
  quality: Uint16Array;
  /** 1 + the term that last touched the passage (0: none yet in this question). */
  touchedBy: Int32Array;
  /** Each field's length per passage (MiniSearch's unique-term counts), as arrays: read once per posting. */
  lengths: Float64Array[];
}

const scratches = new WeakMap<object, Scratch>();

function scratchFor(ms: MiniSearchInternals): Scratch {
  let s = scratches.get(ms);
  if (!s) {
    const size = ms._nextId;
    const lengths = Object.values(ms._fieldIds).map(() => new Float64Array(size));
    for (const [doc, byField] of ms._fieldLength)
      for (let f = 0; f < byField.length; f++) lengths[f]![doc] = byField[f] ?? 0;
    s = {
      total: new Float64Array(size),
      part: new Float64Array(size),
      quality: new Uint16Array(size),
      touchedBy: new Int32Array(size),
      lengths,
    };
    scratches.set(ms, s);
  }
  return s;
}

/**
 * The best `limit` entries of an index (passages, or documents) for these (already processed) terms:
 * [id, score] as `search.search(terms.join(' '), { combineWith: 'OR', boost })` gives them, best first.
 */
export function exactSearch<T>(
  search: MiniSearch<T>,
  terms: readonly string[],
  boost: Readonly<Record<string, number>>,
  limit: number,
): Array<[id: number, score: number]> {
  const ms = internalsOf(search);
  const s = scratchFor(ms);
  // In the index's field order, as MiniSearch goes through them.
  // eslint-disable-next-line @typescript-eslint/prefer-nullish-coalescing -- MiniSearch's rule: a boost of 0 counts as 1
  const fields = Object.entries(ms._fieldIds).map(([field, id]) => [id, boost[field] || 1] as const);
  const order: number[] = [];
  const touched: number[] = [];
  try {
    for (let t = 0; t < terms.length; t++) {
      const data = ms._index.get(terms[t]!);
      if (!data) continue;
      touched.length = 0;
      for (const [fieldId, fieldBoost] of fields) {
        const postings = data.get(fieldId);
        if (!postings) continue;
        const matching = postings.size;
        const avgFieldLength = ms._avgFieldLength[fieldId]!;
        const lengths = s.lengths[fieldId]!;
        const invDocFreq = Math.log(1 + (ms._documentCount - matching + 0.5) / (matching + 0.5));
        for (const [doc, termFreq] of postings) {
          const fieldLength = lengths[doc]!;
          const rawScore =
            invDocFreq * (D + (termFreq * (K + 1)) / (termFreq + K * (1 - B + (B * fieldLength) / avgFieldLength)));
          // MiniSearch weighs it term weight × term boost × field boost × document boost × BM25; the
          // others are 1 for exact terms, and multiplying by 1 is exact.
          const weighted = fieldBoost * rawScore;
          if (s.touchedBy[doc] !== t + 1) {
            s.touchedBy[doc] = t + 1;
            s.part[doc] = weighted;
            touched.push(doc);
          } else s.part[doc]! += weighted;
        }
      }
      for (const doc of touched) {
        if (s.quality[doc] === 0) {
          s.total[doc] = s.part[doc]!;
          order.push(doc);
        } else s.total[doc] = s.total[doc]! + s.part[doc]!;
        s.quality[doc]!++;
      }
    }
    // The final score (MiniSearch's score × the number of query terms matched) goes where the per-term
    // sums were: they are done with. Array sort is stable, so ties keep the order first met.
    const final = s.part;
    for (const doc of order) final[doc] = s.total[doc]! * s.quality[doc]!;
    const ranked = order.slice().sort((a, b) => final[b]! - final[a]!);
    return ranked.slice(0, limit).map((doc) => [ms._documentIds.get(doc) as number, final[doc]!]);
  } finally {
    for (const doc of order) {
      s.quality[doc] = 0;
      s.touchedBy[doc] = 0;
    }
  }
}
