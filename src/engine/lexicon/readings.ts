import { createRequire } from 'node:module';
import type * as PinyinPro from 'pinyin-pro';

/**
 * The pinyin readings of Han text, and Latin letters split back into pinyin syllables: what matching by
 * sound (./pinyin.ts) compares.
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

export const HAN = /^\p{Script=Han}+$/u;

/** Readings of a polyphone beyond this product are not all keyed (4 characters of 3 readings = 81). */
export const MAX_KEYS_PER_WORD = 16;

let pinyinPro: typeof PinyinPro | undefined;

/**
 * pinyin-pro, loaded on first use (its CommonJS build, so that a synchronous caller can load it): importing
 * it builds its dictionaries, ~70 ms of every start-up on a quiet machine, which most first questions never
 * need. The bot's background warm-up loads it after start-up ({@link warmUpReadings}).
 */
function pinyinLib(): typeof PinyinPro {
  pinyinPro ??= createRequire(import.meta.url)('pinyin-pro') as typeof PinyinPro;
  return pinyinPro;
}

/** Loads pinyin-pro now rather than on the first question that reads pinyin. */
export function warmUpReadings(): void {
  pinyinLib();
}

export function canonical(syllable: string): string {
  return syllable.toLowerCase().replace(/[üv]/g, 'u');
}

const readingCache = new Map<string, readonly string[]>();

/** Every tone-less reading of one Han character, the most common first (单 → dan, shan, chan). */
export function readingsOfChar(char: string): readonly string[] {
  let readings = readingCache.get(char);
  if (readings === undefined) {
    const all = pinyinLib().pinyin(char, { multiple: true, type: 'array', toneType: 'none' }).map(canonical);
    readings = [...new Set(all)];
    readingCache.set(char, readings);
  }
  return readings;
}

/** Fills the reading cache for every character of `words` at once (pinyin-pro's polyphonic: ~4× faster). */
export function cacheReadings(words: Iterable<string>): void {
  const missing = new Set<string>();
  for (const word of words) for (const char of word) if (!readingCache.has(char)) missing.add(char);
  const chars = [...missing];
  const readings = pinyinLib().polyphonic(chars.join(''), { type: 'array', toneType: 'none' });
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
  return pinyinLib().pinyin(han, { type: 'array', toneType: 'none', surname: 'head' }).map(canonical);
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
 * corpus). Past {@link MAX_KEYS_PER_WORD} choices, only each character's most common reading and the word's
 * reading in context.
 */
export function keysOf(han: string): string[] {
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
  if (keys.length > 0) return keys;
  // Past the cap: the most common readings, and the word read in context with surnames as surnames
  // (单娜行 → shan na xing, where 单 is most often dan).
  const contextual = pinyinOf(han).join('');
  return contextual === common ? [common] : [common, contextual];
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
