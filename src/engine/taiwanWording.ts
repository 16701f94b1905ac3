import { Locale } from 'opencc-js';

/**
 * OpenCC's simplified → Taiwan and Taiwan phrases → mainland conversions (opencc-js's own tables and
 * presets, `s2tw` and `tw2sp`), run by a converter of our own: each table is one Map from phrase to
 * replacement, where opencc-js builds a trie of one Map per character (~40 MB of heap for `s2tw`'s 50,000
 * phrases, twice: once to segment, once to convert; these Maps take a fraction of that). Same rules as
 * opencc-js: of the dictionaries of a group the first one that has a phrase wins, and within one the last
 * line; at each position the longest phrase matches; the text is first split at the segmentation table's
 * phrases, then each piece goes through the conversion tables in turn.
 *
 * Only for runs of Han letters (question words): opencc-js also steps over an ideographic description
 * sequence (⿰…) as one unit, which a run of Han letters never holds.
 */

interface Preset {
  normalizationChain: ReadonlyArray<readonly string[]>;
  segmentation?: string | readonly string[];
  conversionChain: ReadonlyArray<readonly string[]>;
}

// opencc-js's types re-export './core' without a file extension, which NodeNext cannot resolve: its
// presets come through as an error type. They are dictionaries as "phrase replacement|…" strings.
const presets = (Locale as unknown as { configs: Record<string, Preset> }).configs;

/** Longest match of phrases at a position, from a group of dictionaries. */
class PhraseTable {
  private readonly replacements = new Map<string, string>();
  /** The longest phrase, in UTF-16 units. */
  private readonly longest: number = 0;

  constructor(group: readonly string[]) {
    // Later dictionaries first, so that an earlier one's replacement overwrites theirs.
    for (const dict of [...group].reverse()) {
      for (const line of dict.split('|')) {
        const [phrase, replacement] = line.split(' ');
        if (phrase === undefined || replacement === undefined || phrase === '') continue;
        this.replacements.set(phrase, replacement);
        if (phrase.length > this.longest) this.longest = phrase.length;
      }
    }
  }

  /** The end (exclusive) and replacement of the longest phrase starting at `at`, or null. */
  match(text: string, at: number): { end: number; replacement: string } | null {
    const ends: number[] = [];
    for (let end = at; end < text.length && end - at < this.longest;) {
      end += text.codePointAt(end)! > 0xffff ? 2 : 1;
      if (end - at <= this.longest) ends.push(end);
    }
    for (let k = ends.length - 1; k >= 0; k--) {
      const replacement = this.replacements.get(text.slice(at, ends[k]));
      if (replacement !== undefined) return { end: ends[k]!, replacement };
    }
    return null;
  }

  /** The text cut into its phrases and the runs between them. */
  segment(text: string): string[] {
    return this.walk(text, (phrase) => phrase);
  }

  convert(text: string): string {
    return this.walk(text, (_, replacement) => replacement).join('');
  }

  private walk(text: string, emit: (phrase: string, replacement: string) => string): string[] {
    const out: string[] = [];
    let unmatchedFrom = -1;
    for (let at = 0; at < text.length;) {
      const found = this.match(text, at);
      if (found === null) {
        if (unmatchedFrom < 0) unmatchedFrom = at;
        at += text.codePointAt(at)! > 0xffff ? 2 : 1;
        continue;
      }
      if (unmatchedFrom >= 0) out.push(text.slice(unmatchedFrom, at));
      unmatchedFrom = -1;
      out.push(emit(text.slice(at, found.end), found.replacement));
      at = found.end;
    }
    if (unmatchedFrom >= 0) out.push(text.slice(unmatchedFrom));
    return out;
  }
}

/** One of OpenCC's presets as a function of text: normalise, segment, then convert each piece. */
function converterOf(name: string): (text: string) => string {
  const preset = presets[name];
  if (preset === undefined) throw new Error(`no OpenCC preset ${name}`);
  const normalize = preset.normalizationChain.map((group) => new PhraseTable(group));
  const seg = preset.segmentation;
  const segmentation = seg === undefined ? null : new PhraseTable(typeof seg === 'string' ? [seg] : seg);
  const chain = preset.conversionChain.map((group) => new PhraseTable(group));
  return (text) => {
    const normalized = normalize.reduce((t, table) => table.convert(t), text);
    const pieces = segmentation ? segmentation.segment(normalized) : [normalized];
    return chain.reduce((ps, table) => ps.map((p) => table.convert(p)), pieces).join('');
  };
}

let toTaiwan: ((text: string) => string) | undefined;
let taiwanPhrasesToMainland: ((text: string) => string) | undefined;

/**
 * A simplified word as the mainland says what Taiwan calls it (OpenCC's phrase tables): 使用者 → 用户,
 * 档案 → 文件, 程式 → 程序, 硬碟 → 硬盘. The word itself when the tables have nothing for it. The tables
 * are built on the first call (a traditional question): they cost start-up time most bots never need.
 */
export function mainlandWording(word: string): string {
  toTaiwan ??= converterOf('s2tw');
  taiwanPhrasesToMainland ??= converterOf('tw2sp');
  return taiwanPhrasesToMainland(toTaiwan(word));
}
