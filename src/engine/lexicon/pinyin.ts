import surnameTable from './surnames.json' with { type: 'json' };
import {
  HAN,
  MAX_KEYS_PER_WORD,
  cacheReadings,
  canonical,
  keysOf,
  readingsOfChar,
  splitSyllables,
} from './readings.ts';

export { pinyinOf, readingsOf, splitSyllables } from './readings.ts';

/**
 * Matching by sound: romanised names (Kai-Fu Lee, Jia Yangqing) against Han words (李开复, 贾扬清), and Han
 * words typed with the wrong characters of the same sound (李凯复 for 李开复).
 *
 * The readings themselves, and the conventions of syllables and keys, are in ./readings.ts.
 */

const SURNAMES: ReadonlyMap<string, readonly string[]> = new Map(
  Object.entries(surnameTable as Record<string, unknown>).filter((entry): entry is [string, string[]] =>
    Array.isArray(entry[1]),
  ),
);

/** The words of a romanised name: letters only, split at spaces, hyphens, apostrophes and case changes. */
function nameTokens(latin: string): string[] {
  return latin
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-zÜüÀ-ÿ]+/)
    .filter((t) => t.length > 0)
    .map((t) => t.toLowerCase());
}

/**
 * Each token of a name as the syllable choices it can stand for: a known non-pinyin surname spelling
 * (Lee → li, Wong → wang or huang) or its own pinyin syllables (Lee keeps no le-e). A token that is neither makes the name
 * not romanised pinyin (SenseTime, Alibaba → null).
 */
function tokenChoices(tokens: readonly string[]): string[][][] | null {
  const choices: string[][][] = [];
  for (const token of tokens) {
    const options: string[][] = [];
    const own = splitSyllables(token);
    const surnames = SURNAMES.get(token);
    if (surnames !== undefined) for (const s of surnames) options.push(splitSyllables(s) ?? [s]);
    // "Lee" is the surname 李, not the syllables le-e; a surname spelling keeps its own reading only as one syllable.
    const ownCounts = own !== null && (surnames === undefined || own.length === 1);
    if (ownCounts && !options.some((o) => o.join('') === own.join(''))) options.push(own);
    if (options.length === 0) return null;
    choices.push(options);
  }
  return choices;
}

/** The cartesian product of each token's choices, tokens kept apart. */
function readingsOfName(tokens: readonly string[]): string[][][] {
  const choices = tokenChoices(tokens);
  if (choices === null || choices.length === 0) return [];
  let names: string[][][] = [[]];
  for (const options of choices) names = names.flatMap((name) => options.map((o) => [...name, o]));
  return names;
}

/**
 * A romanised name as pinyin syllables in the order written, or null when it is not romanised Chinese:
 * "Kai-Fu Lee" → [kai, fu, li]; "Tang Xiaoou" → [tang, xiao, ou]; "yangqing" → [yang, qing].
 * A surname spelling with several readings takes its first (Wong → wang); see {@link romanizedKeys}.
 */
export function romanizedKey(latin: string): string[] | null {
  const first = readingsOfName(nameTokens(latin))[0];
  return first === undefined ? null : first.flat();
}

/**
 * Every syllable sequence a romanised name can stand for, in the order written and with the surname moved
 * to the other end (given-name-first ↔ surname-first): "Kai-Fu Lee" → [kai fu li], [li kai fu].
 */
export function romanizedKeys(latin: string): string[][] {
  const out = new Map<string, string[]>();
  for (const tokens of readingsOfName(nameTokens(latin))) {
    const orders = [tokens];
    if (tokens.length > 1) {
      orders.push([...tokens.slice(1), tokens[0]!]);
      orders.push([tokens[tokens.length - 1]!, ...tokens.slice(0, -1)]);
    }
    for (const order of orders) out.set(order.flat().join(' '), order.flat());
  }
  return [...out.values()];
}

/** True when a romanised name (its tokens, in any spacing, hyphenation, case or order) reads as a Han word. */
export function matchesRomanized(latinTokens: readonly string[], han: string): boolean {
  if (!HAN.test(han)) return false;
  const keys = new Set(keysOf(han));
  return romanizedKeys(latinTokens.join(' ')).some((syllables) => keys.has(syllables.join('')));
}

/** Fuzzy pinyin as Chinese input methods offer it: zh/z, ch/c, sh/s, n/l, an/ang, en/eng, in/ing. */
function fuzzy(syllable: string): string {
  return syllable
    .replace(/^([zcs])h/, '$1')
    .replace(/^l/, 'n')
    .replace(/(a|e|i)ng$/, '$1n');
}

/** How two Han strings of the same length sound alike; the caller decides what each level is worth. */
export type SoundMatch = 'same' | 'fuzzy' | 'none';

/**
 * Compares the sound of two Han strings of the same length, any reading of a polyphone allowed:
 * 'same' when tone-less pinyin agrees syllable by syllable (李凯复 ~ 李开复, 商汤科记 ~ 商汤科技), 'fuzzy' when
 * it agrees only under the input-method confusions of {@link fuzzy} (刘 liu ~ 牛 niu), otherwise 'none'.
 */
export function soundMatch(a: string, b: string): SoundMatch {
  const ca = [...a];
  const cb = [...b];
  if (ca.length !== cb.length || ca.length === 0 || !HAN.test(a) || !HAN.test(b)) return 'none';
  let level: SoundMatch = 'same';
  for (let i = 0; i < ca.length; i++) {
    const ra = readingsOfChar(ca[i]!);
    const rb = readingsOfChar(cb[i]!);
    if (ra.some((r) => rb.includes(r))) continue;
    const fb = rb.map(fuzzy);
    if (!ra.some((r) => fb.includes(fuzzy(r)))) return 'none';
    level = 'fuzzy';
  }
  return level;
}

/** True when two Han strings sound the same (or, with `fuzzy`, alike under input-method confusions). */
export function soundAlike(a: string, b: string, options: { fuzzy?: boolean } = {}): boolean {
  const match = soundMatch(a, b);
  return match === 'same' || (match === 'fuzzy' && options.fuzzy === true);
}

/** Looks corpus words up by sound; built once per corpus by {@link buildPinyinIndex}. */
export interface PinyinIndex {
  /** Distinct Han words indexed. */
  readonly size: number;
  /**
   * Corpus words whose pinyin is these syllables, in this order or with the first or last syllable moved
   * to the other end (a surname written last): [kai, fu, li] → 李开复. A word may have more characters than
   * syllables given, as letters split longest-first can join two syllables: [li, lian] → 李丽安.
   */
  findBySyllables(syllables: readonly string[]): string[];
  /** Corpus words written differently that sound like `word` ('same' level; with `fuzzy`, also 'fuzzy'). */
  findSoundAlike(word: string, options?: { fuzzy?: boolean }): string[];
  /** Corpus words a romanised name can stand for ("Kai-Fu Lee", "Jia Yangqing"); [] if not pinyin. */
  findRomanized(latin: string): string[];
}

/**
 * Indexes Han words (e.g. a corpus's 2–4 character n-grams or jieba words) by tone-less pinyin. Words with
 * any non-Han character are skipped. Each word is keyed under each reading of its polyphones (capped at
 * {@link MAX_KEYS_PER_WORD} choices), so a lookup allows any reading.
 */
export function buildPinyinIndex(words: Iterable<string>): PinyinIndex {
  const exact = new Map<string, string[]>();
  const seen = new Set<string>();
  const list = [...words].filter((word) => HAN.test(word));
  cacheReadings(list);
  const add = (map: Map<string, string[]>, key: string, word: string): void => {
    const list = map.get(key);
    if (list === undefined) map.set(key, [word]);
    else if (list[list.length - 1] !== word) list.push(word);
  };
  for (const word of list) {
    if (seen.has(word)) continue;
    seen.add(word);
    for (const key of keysOf(word)) add(exact, key, word);
  }
  // Keyed by fuzzy pinyin only when first asked for: most questions never need it.
  let loose: Map<string, string[]> | undefined;
  const looseMap = (): Map<string, string[]> => {
    if (loose === undefined) {
      loose = new Map();
      for (const word of seen) for (const key of fuzzyKeysOf(word)) add(loose, key, word);
    }
    return loose;
  };
  const lookup = (key: string): readonly string[] => exact.get(key) ?? [];
  const findBySyllables = (syllables: readonly string[]): string[] => {
    const s = syllables.map(canonical);
    const orders = [s];
    if (s.length > 1) orders.push([...s.slice(1), s[0]!], [s[s.length - 1]!, ...s.slice(0, -1)]);
    const found = new Set<string>();
    // At least one character per syllable: letters split longest-first may hide more (lian is li-an in 丽安).
    for (const order of orders) for (const w of lookup(order.join(''))) if ([...w].length >= s.length) found.add(w);
    return [...found];
  };
  return {
    size: seen.size,
    findBySyllables,
    findSoundAlike(word, options = {}) {
      if (!HAN.test(word)) return [];
      const found = new Set<string>();
      for (const key of keysOf(word))
        for (const w of lookup(key)) if (w !== word && w.length === word.length) found.add(w);
      if (options.fuzzy === true) {
        for (const choice of fuzzyKeysOf(word))
          for (const w of looseMap().get(choice) ?? []) if (w !== word && soundMatch(w, word) !== 'none') found.add(w);
      }
      return [...found];
    },
    findRomanized(latin) {
      const found = new Set<string>();
      for (const syllables of romanizedKeys(latin)) for (const w of findBySyllables(syllables)) found.add(w);
      return [...found];
    },
  };
}

/** Fuzzy keys of a word for each choice of readings (capped like {@link keysOf}). */
function fuzzyKeysOf(han: string): string[] {
  let keys: string[][] = [[]];
  for (const choices of [...han].map(readingsOfChar)) {
    const f = [...new Set(choices.map(fuzzy))];
    if (keys.length * f.length > MAX_KEYS_PER_WORD) break;
    keys = keys.flatMap((k) => f.map((c) => [...k, c]));
  }
  return keys.filter((k) => k.length === [...han].length).map((k) => k.join(' '));
}
