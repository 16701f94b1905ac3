import * as OpenCC from 'opencc-js';

/**
 * Text normalisation shared by the index and the questions, so that both sides meet:
 * NFKC (full-width → half-width, compatibility forms), lower case, traditional → simplified
 * Chinese, and invisible characters (zero-width, bidi controls, C0/C1 controls) dropped.
 */

// opencc-js's types re-export './core' without a file extension, which NodeNext cannot resolve, so the
// converter's own type comes through as an error type: it is a function from text to text.
const converter = OpenCC.Converter as (options: { from: string; to: string }) => (text: string) => string;
const convertOnce = converter({ from: 't', to: 'cn' });

/**
 * Traditional → simplified until nothing changes. OpenCC's table has chains (薴 → 苧, and 苧 → 苎), so a
 * single pass is not idempotent: a question with 薴 and a passage with 苧 would not meet. A text that the
 * first pass leaves alone costs one comparison; chains are a step or two long, so the loop is bounded.
 */
function toSimplified(text: string): string {
  let out = convertOnce(text);
  for (let prev = text, steps = 0; out !== prev && steps < 4; steps++) {
    prev = out;
    out = convertOnce(out);
  }
  return out;
}

// Zero-width and bidi formatting characters, C0/C1 controls except tab and newline, lone surrogates.
const INVISIBLE =
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Removes characters that render as nothing or reorder text: they must not split or fake terms. */
export function stripInvisible(text: string): string {
  return text.replace(INVISIBLE, '');
}

/** Normalises a whole text for indexing or searching. Lengths may change: use `normalizeWithMap` for offsets. */
export function normalizeText(text: string): string {
  return toSimplified(stripInvisible(text).normalize('NFKC').toLowerCase());
}

/** {@link normalizeText}, and whether the text held traditional characters (one conversion for both). */
export function normalizeQuestion(text: string): { text: string; traditional: boolean } {
  const folded = stripInvisible(text).normalize('NFKC').toLowerCase();
  const simplified = toSimplified(folded);
  return { text: simplified, traditional: simplified !== folded };
}

const charCache = new Map<string, string>();

function normalizeChar(ch: string): string {
  let out = charCache.get(ch);
  if (out === undefined) {
    out = normalizeText(ch);
    charCache.set(ch, out);
  }
  return out;
}

/**
 * Normalises character by character and keeps, for each output UTF-16 unit, the offset of the input
 * character it came from: highlights found in normalised text map back onto the verbatim passage.
 * Per-character conversion misses the few traditional→simplified rules that need a whole phrase,
 * which only costs a highlight, never a result.
 */
export function normalizeWithMap(text: string): { text: string; map: number[] } {
  let out = '';
  const map: number[] = [];
  let offset = 0;
  for (const ch of text) {
    const norm = normalizeChar(ch);
    out += norm;
    // One entry per UTF-16 unit of the normalised text (for-of would count code points).
    for (let units = norm.length; units > 0; units--) map.push(offset);
    offset += ch.length;
  }
  map.push(offset);
  return { text: out, map };
}
