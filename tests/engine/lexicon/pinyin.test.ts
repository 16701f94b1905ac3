import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildPinyinIndex,
  matchesRomanized,
  pinyinOf,
  romanizedKey,
  soundAlike,
  soundMatch,
  splitSyllables,
} from '../../../src/engine/lexicon/pinyin.ts';

// Names of people the corpus's questions are about, as Han and as people write them in Latin letters.
const NAMES: Array<[string, string]> = [
  ['Kai-Fu Lee', '李开复'],
  ['Kaifu Lee', '李开复'],
  ['Lee Kai-fu', '李开复'],
  ['li kaifu', '李开复'],
  ['Jia Yangqing', '贾扬清'],
  ['Yangqing Jia', '贾扬清'],
  ['Wang Huiwen', '王慧文'],
  ['Zhou Bowen', '周伯文'],
  ['Wang Xiaochuan', '王小川'],
  ['Tang Xiaoou', '汤晓鸥'],
  ['Xiaoou Tang', '汤晓鸥'],
  ['Zeng Guofan', '曾国藩'],
];

describe('pinyinOf', () => {
  it('gives one tone-less syllable per character', () => {
    expect(pinyinOf('李开复')).toEqual(['li', 'kai', 'fu']);
  });

  it('reads a surname as a surname', () => {
    expect(pinyinOf('单田芳')[0]).toBe('shan');
    expect(pinyinOf('曾国藩')[0]).toBe('zeng');
  });
});

describe('romanized names', () => {
  it('splits runs of letters into pinyin syllables, backtracking where the longest syllable fails', () => {
    expect(splitSyllables('yangqing')).toEqual(['yang', 'qing']);
    expect(splitSyllables('xiaoou')).toEqual(['xiao', 'ou']);
    expect(splitSyllables('xiaochuan')).toEqual(['xiao', 'chuan']);
    // Longest first: chang-an, not chan-gan (both are pinyin; names are matched on the joined letters anyway).
    expect(splitSyllables('changan')).toEqual(['chang', 'an']);
    expect(splitSyllables('xyz')).toBeNull();
  });

  it('reads common non-pinyin surname spellings as pinyin', () => {
    expect(romanizedKey('Kai-Fu Lee')).toEqual(['kai', 'fu', 'li']);
    expect(romanizedKey('Lee Kai-fu')).toEqual(['li', 'kai', 'fu']);
    expect(romanizedKey('Tang Xiaoou')).toEqual(['tang', 'xiao', 'ou']);
    expect(romanizedKey('Cheung Hok')).toBeNull();
    expect(romanizedKey('Cheung Wai')).toEqual(['zhang', 'wai']);
  });

  it('is null for words that are not pinyin', () => {
    expect(romanizedKey('Google')).toBeNull();
    expect(romanizedKey('')).toBeNull();
  });

  it.each(NAMES)('%s is %s', (latin, han) => {
    expect(matchesRomanized(latin.split(' '), han)).toBe(true);
  });

  it.each([
    [['Zhang', 'San'], '李开复'],
    [['Kai-Fu'], '李开复'],
    [['Lee', 'Kai-fu'], '李开'],
    [['Jia', 'Yang'], '贾扬清'],
    [['Google'], '谷歌'],
    [['Wang', 'Huiwen'], 'Wang Huiwen'],
  ])('%j is not %s', (latin, han) => {
    expect(matchesRomanized(latin, han)).toBe(false);
  });

  // Characters of surnames and given names, polyphones (单 曾 乐 重 行 长) included on purpose.
  const SURNAMES = Array.from('李王张刘陈杨黄赵周吴徐孙马胡朱郭何罗高林郑梁谢宋唐许韩冯邓曹彭曾单乐');
  const GIVEN = Array.from('开复扬清慧文伯小川晓鸥国藩明华建军伟芳娜敏静丽强磊洋勇艳杰涛超秀英重行长安恩');
  const casing = fc.constantFrom(
    (s: string) => s,
    (s: string) => s.toUpperCase(),
    (s: string) => s[0]!.toUpperCase() + s.slice(1),
  );

  it('a name with more polyphones than the key cap still matches as read with its surname (单娜行: shan, not dan)', () => {
    // The property below found it: 单 dan/shan/chan × 娜 × 行 is past the cap of readings per word.
    expect(matchesRomanized(['naxing', 'shan'], '单娜行')).toBe(true);
    expect(buildPinyinIndex(['单娜行', '其他词语']).findRomanized('Shan Naxing')).toContain('单娜行');
  });

  it('a name whose pinyin written solid splits another way still matches (丽安 as lian, not li-an)', () => {
    // The property below found it: "Li Lian" splits longest-first into li + lian, two syllables for three characters.
    expect(buildPinyinIndex(['李丽安', '其他词语']).findRomanized('Li Lian')).toContain('李丽安');
    expect(buildPinyinIndex(['李丽安', '其他词语']).findRomanized('Lian Li')).toContain('李丽安');
    expect(buildPinyinIndex(['李丽安']).findRomanized('Li Li')).toEqual([]);
  });

  it('a Han name matches its own pinyin in either order, with any spacing, hyphens and case', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...SURNAMES),
        fc.array(fc.constantFrom(...GIVEN), { minLength: 1, maxLength: 2 }),
        fc.constantFrom('', '-', ' ', "'"),
        fc.boolean(),
        casing,
        casing,
        (surname, given, separator, surnameFirst, caseSurname, caseGiven) => {
          const han = surname + given.join('');
          const [family, ...rest] = pinyinOf(han);
          const givenLatin = caseGiven(rest.join(separator));
          const familyLatin = caseSurname(family!);
          const tokens = surnameFirst ? [familyLatin, givenLatin] : [givenLatin, familyLatin];
          expect(matchesRomanized(tokens, han)).toBe(true);
          expect(buildPinyinIndex([han, '其他词语']).findRomanized(tokens.join(' '))).toContain(han);
        },
      ),
    );
  });
});

describe('sound-alike typos', () => {
  it.each([
    ['李凯复', '李开复'],
    ['周伯闻', '周伯文'],
    ['商汤科记', '商汤科技'],
  ])('%s sounds like %s', (typo, word) => {
    expect(soundAlike(typo, word)).toBe(true);
    expect(soundMatch(typo, word)).toBe('same');
  });

  it('allows the input-method confusions only at the fuzzy level', () => {
    // liu / niu (n-l), zhou / zou (zh-z), wen / weng (en-eng)
    expect(soundMatch('刘', '牛')).toBe('fuzzy');
    expect(soundMatch('周伯文', '邹伯翁')).toBe('fuzzy');
    expect(soundAlike('刘', '牛')).toBe(false);
    expect(soundAlike('刘', '牛', { fuzzy: true })).toBe(true);
  });

  it('does not match strings of other lengths, other sounds, or non-Han text', () => {
    expect(soundMatch('李开', '李开复')).toBe('none');
    expect(soundMatch('张三', '李四')).toBe('none');
    expect(soundMatch('abc', 'abc')).toBe('none');
  });

  it('a Han string always sounds like itself', () => {
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.integer({ min: 0x4e00, max: 0x9fa5 }).map((c) => String.fromCharCode(c)),
          minLength: 1,
          maxLength: 4,
        }),
        (han) => {
          expect(soundMatch(han, han)).toBe('same');
        },
      ),
    );
  });
});

describe('buildPinyinIndex', () => {
  const index = buildPinyinIndex([
    '李开复',
    '贾扬清',
    '周伯文',
    '商汤科技',
    '王小川',
    '汤晓鸥',
    '创始人',
    'AI公司',
    '李开复',
  ]);

  it('counts distinct Han words only', () => {
    expect(index.size).toBe(7);
  });

  it('finds words by syllables in either order', () => {
    expect(index.findBySyllables(['kai', 'fu', 'li'])).toEqual(['李开复']);
    expect(index.findBySyllables(['li', 'kai', 'fu'])).toEqual(['李开复']);
    expect(index.findBySyllables(['yang', 'qing', 'jia'])).toEqual(['贾扬清']);
    expect(index.findBySyllables(['zhang', 'san'])).toEqual([]);
  });

  it('finds romanised names', () => {
    expect(index.findRomanized('Kai-Fu Lee')).toEqual(['李开复']);
    expect(index.findRomanized('Tang Xiaoou')).toEqual(['汤晓鸥']);
    expect(index.findRomanized('SenseTime')).toEqual([]);
  });

  it('finds the corpus word a typo by sound stands for, never the word itself', () => {
    expect(index.findSoundAlike('李凯复')).toEqual(['李开复']);
    expect(index.findSoundAlike('商汤科记')).toEqual(['商汤科技']);
    expect(index.findSoundAlike('李开复')).toEqual([]);
    expect(index.findSoundAlike('邹伯翁')).toEqual([]);
    expect(index.findSoundAlike('邹伯翁', { fuzzy: true })).toEqual(['周伯文']);
  });
});
