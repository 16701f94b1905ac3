import { pinyin, polyphonic } from 'pinyin-pro';
import surnameTable from './surnames.json' with { type: 'json' };

/**
 * Matching by sound: romanised names (Kai-Fu Lee, Jia Yangqing) against Han words (李开复, 贾扬清), and Han
 * words typed with the wrong characters of the same sound (李凯复 for 李开复).
 *
 * Syllables are tone-less, lower-case pinyin with ü written as u (lü → lu, nüe → nue): romanised names
 * rarely keep the ü, so 吕 must match "Lu" as well as "Lyu". Keys join syllables without separators
 * ("likaifu"), so a Latin name matches however it is split (Kai-Fu, Kaifu, kai fu).
 */

/** Every tone-less pinyin syllable (ü written as u), about 400. */
const SYLLABLES = new Set(
  `a ai an ang ao ba bai ban bang bao bei ben beng bi bian biao bie bin bing bo bu pa pai pan pang pao pei pen
  peng pi pian piao pie pin ping po pou pu ma mai man mang mao me mei men meng mi mian miao mie min ming miu mo
  mou mu fa fan fang fei fen feng fo fou fu da dai dan dang dao de dei den deng di dia dian diao die ding diu
  dong dou du duan dui dun duo ta tai tan tang tao te teng ti tian tiao tie ting tong tou tu tuan tui tun tuo na
  nai nan nang nao ne nei nen neng ni nian niang niao nie nin ning niu nong nou nu nuan nun nuo nue la lai lan
  lang lao le lei leng li lia lian liang liao lie lin ling liu lo long lou lu luan lun luo lue ga gai gan gang
  gao ge gei gen geng gong gou gu gua guai guan guang gui gun guo ka kai kan kang kao ke kei ken keng kong kou
  ku kua kuai kuan kuang kui kun kuo ha hai han hang hao he hei hen heng hong hou hu hua huai huan huang hui hun
  huo ji jia jian jiang jiao jie jin jing jiong jiu ju juan jue jun qi qia qian qiang qiao qie qin qing qiong
  qiu qu quan que qun xi xia xian xiang xiao xie xin xing xiong xiu xu xuan xue xun zha zhai zhan zhang zhao
  zhe zhei zhen zheng zhi zhong zhou zhu zhua zhuai zhuan zhuang zhui zhun zhuo cha chai chan chang chao che
  chen cheng chi chong chou chu chua chuai chuan chuang chui chun chuo sha shai shan shang shao she shei shen
  sheng shi shou shu shua shuai shuan shuang shui shun shuo ra ran rang rao re ren reng ri rong rou ru rua ruan
  rui run ruo za zai zan zang zao ze zei zen zeng zi zong zou zu zuan zui zun zuo ca cai can cang cao ce cen
  ceng ci cong cou cu cuan cui cun cuo sa sai san sang sao se sen seng si song sou su suan sui sun suo ya yan
  yang yao ye yi yin ying yo yong you yu yuan yue yun wa wai wan wang wei wen weng wo wu e ei en eng er o ou`.split(
    /\s+/,
  ),
);
const LONGEST_SYLLABLE = 6;

const SURNAMES: ReadonlyMap<string, readonly string[]> = new Map(
  Object.entries(surnameTable as Record<string, unknown>).filter((entry): entry is [string, string[]] =>
    Array.isArray(entry[1]),
  ),
);

const HAN = /^\p{Script=Han}+$/u;

/** Readings of a polyphone beyond this product are not all keyed (4 characters of 3 readings = 81). */
const MAX_KEYS_PER_WORD = 16;

function canonical(syllable: string): string {
  return syllable.toLowerCase().replace(/[üv]/g, 'u');
}

const readingCache = new Map<string, readonly string[]>();

/** Every tone-less reading of one Han character, the most common first (单 → dan, shan, chan). */
function readingsOfChar(char: string): readonly string[] {
  let readings = readingCache.get(char);
  if (readings === undefined) {
    const all = pinyin(char, { multiple: true, type: 'array', toneType: 'none' }).map(canonical);
    readings = [...new Set(all)];
    readingCache.set(char, readings);
  }
  return readings;
}

/** Fills the reading cache for every character of `words` at once (pinyin-pro's polyphonic: ~4× faster). */
function cacheReadings(words: Iterable<string>): void {
  const missing = new Set<string>();
  for (const word of words) for (const char of word) if (!readingCache.has(char)) missing.add(char);
  const chars = [...missing];
  const readings = polyphonic(chars.join(''), { type: 'array', toneType: 'none' });
  chars.forEach((char, i) => {
    const found = readings[i];
    if (found !== undefined && found.length > 0) readingCache.set(char, [...new Set(found.map(canonical))]);
  });
}

/**
 * The tone-less syllables of a Han string, one per character, read in context and with surnames read as
 * surnames (李开复 → li kai fu; 单田芳 → shan tian fang). Characters that are not Han come back as they are.
 */
export function pinyinOf(han: string): string[] {
  return pinyin(han, { type: 'array', toneType: 'none', surname: 'head' }).map(canonical);
}

/** Every reading of each character of a Han string (曾国藩 → [[zeng, ceng], [guo], [fan]]). */
export function readingsOf(han: string): string[][] {
  const contextual = pinyinOf(han);
  return [...han].map((char, i) => {
    const inContext = contextual[i];
    const all = readingsOfChar(char);
    return inContext !== undefined && !all.includes(inContext) ? [inContext, ...all] : [...all];
  });
}

/**
 * Joined keys of a Han word for every choice of readings of its characters (each character's readings come
 * from a per-character cache: reading words in context with pinyin-pro costs ~0.1 ms a word, too slow for a
 * corpus). Past {@link MAX_KEYS_PER_WORD} choices, only each character's most common reading.
 */
function keysOf(han: string): string[] {
  let keys = [''];
  let common = '';
  for (const char of han) {
    const choices = readingsOfChar(char);
    common += choices[0] ?? '';
    if (keys.length === 0) continue;
    if (choices.length === 1) {
      const only = choices[0]!;
      keys = keys.map((key) => key + only);
    } else if (keys.length * choices.length > MAX_KEYS_PER_WORD) {
      keys = [];
    } else {
      keys = keys.flatMap((key) => choices.map((c) => key + c));
    }
  }
  return keys.length > 0 ? keys : [common];
}

/** Splits a run of letters into pinyin syllables, longest syllable first with backtracking; null if none. */
export function splitSyllables(run: string): string[] | null {
  const letters = canonical(run);
  const memo = new Map<number, string[] | null>();
  const from = (at: number): string[] | null => {
    if (at === letters.length) return [];
    const known = memo.get(at);
    if (known !== undefined) return known;
    let found: string[] | null = null;
    for (let len = Math.min(LONGEST_SYLLABLE, letters.length - at); len > 0 && found === null; len--) {
      const syllable = letters.slice(at, at + len);
      if (!SYLLABLES.has(syllable)) continue;
      const rest = from(at + len);
      if (rest !== null) found = [syllable, ...rest];
    }
    memo.set(at, found);
    return found;
  };
  return from(0);
}

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
   * to the other end (a surname written last): [kai, fu, li] → 李开复.
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
    for (const order of orders) for (const w of lookup(order.join(''))) if ([...w].length === s.length) found.add(w);
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
