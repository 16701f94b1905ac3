import * as OpenCC from 'opencc-js';
import { describe, expect, it } from 'vitest';
import { readJiebaFile } from '../../src/engine/lexicon/jiebaData.ts';
import { mainlandWording } from '../../src/engine/taiwanWording.ts';

/** opencc-js's own converters, as normalize.ts used them before: the reference the compact tables must equal. */
const converter = OpenCC.Converter as (options: { from: string; to: string }) => (text: string) => string;
const toTaiwan = converter({ from: 'cn', to: 'tw' });
const taiwanPhrasesToMainland = converter({ from: 'twp', to: 'cn' });
const reference = (word: string): string => taiwanPhrasesToMainland(toTaiwan(word));

const locale = (OpenCC as unknown as { Locale: { configs: Record<string, { conversionChain: string[][] }> } }).Locale;

describe('Taiwan wording (compact OpenCC tables)', () => {
  it('gives the mainland word for Taiwan terms', () => {
    expect(['使用者', '档案', '程式', '硬碟', '滑鼠'].map(mainlandWording)).toEqual([
      '用户',
      '文件',
      '程序',
      '硬盘',
      '鼠标',
    ]);
    expect(mainlandWording('贾扬清')).toBe('贾扬清');
  });

  it('equals opencc-js on every Taiwan phrase and on 70,000 words of jieba’s dictionary', () => {
    const words = new Set<string>();
    // Every phrase of the Taiwan → mainland table, in simplified script (as question words come), and as is.
    for (const line of locale.configs.tw2sp!.conversionChain[0]![0]!.split('|')) {
      const phrase = line.split(' ')[0]!;
      words.add(phrase);
      words.add(converter({ from: 't', to: 'cn' })(phrase));
    }
    const dict = new TextDecoder().decode(readJiebaFile('dict.txt')).split('\n');
    for (let i = 0; i < dict.length; i += 5) words.add(dict[i]!.split(' ')[0]!);
    // Runs longer than any phrase, and phrases run together.
    words.add('使用者档案程式硬碟滑鼠贾扬清光年之外的估值是多少');
    const differ = [...words].filter((w) => w !== '' && mainlandWording(w) !== reference(w));
    expect(words.size).toBeGreaterThan(70_000);
    expect(differ.slice(0, 10)).toEqual([]);
  });
});
