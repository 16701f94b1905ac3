import { beforeAll, describe, expect, it } from 'vitest';
import { chineseToEnglish, plainSensesOf, sameSenseTable } from '../../../src/engine/lexicon/chineseEnglish.ts';
import {
  MAX_CANDIDATES,
  MAX_RESULTS,
  englishIndex,
  englishToChinese,
  sensesHolding,
  sensesHoldingByScan,
  warmUpDictionary,
} from '../../../src/engine/lexicon/dictionary.ts';
import { lemmaCandidates } from '../../../src/engine/lexicon/english.ts';
import stopwords from '../../../src/engine/lexicon/english-stopwords.json' with { type: 'json' };

const STOP: ReadonlySet<string> = new Set(stopwords.words);

// English words of the questions people ask about image editors, file systems and start-ups, with a
// Chinese word the corpus would use for them. The ranking intersects these with the corpus, so what
// matters is that the expected word is among the (at most MAX_RESULTS) results.
const ENGLISH: Array<[string, string]> = [
  ['flip', '翻转'],
  ['horizontal', '水平'],
  ['founder', '创始人'],
  ['resign', '辞职'],
  ['valuation', '估值'],
  ['layer', '图层'],
  ['layer', '层'],
  ['transparent', '透明'],
  ['blur', '模糊'],
  ['delete', '删除'],
  ['directory', '目录'],
  ['permission', '权限'],
  ['compress', '压缩'],
  ['invest', '投资'],
  ['company', '公司'],
];

// Building the dictionary takes seconds on a busy machine: once, outside any one test's time limit.
beforeAll(() => warmUpDictionary(), 60_000);

describe('englishToChinese', () => {
  it.each(ENGLISH)('%s → %s', (english, chinese) => {
    const found = englishToChinese(english);
    expect(found).toContain(chinese);
    expect(found.length).toBeLessThanOrEqual(MAX_RESULTS);
  });

  it('a longer list on request reaches words the first few leave out, the first few unchanged', () => {
    const long = englishToChinese('name', MAX_CANDIDATES);
    expect(englishToChinese('name')).not.toContain('名字');
    expect(long).toContain('名字');
    expect(long.slice(0, MAX_RESULTS)).toEqual(englishToChinese('name'));
    expect(long.length).toBeLessThanOrEqual(MAX_CANDIDATES);
  });

  it('puts the most common word of a central sense first', () => {
    expect(englishToChinese('founder')[0]).toBe('创始人');
    expect(englishToChinese('horizontal')[0]).toBe('水平');
    expect(englishToChinese('valuation')[0]).toBe('估值');
  });

  it('puts words before single characters of many senses', () => {
    // 省 is "to save; to omit; to delete; province": a sense of delete, but not what people mean by it.
    expect(englishToChinese('delete')[0]).toBe('删除');
    expect(englishToChinese('delete').indexOf('省')).toBe(-1);
  });

  it.each([
    ['layers', '图层'],
    ['flipped', '翻转'],
    ['deleted', '删除'],
    ['Compressing', '压缩'],
    ['founded', '创立'],
    ['permissions', '权限'],
    ['copies', '复制'],
  ])('finds the lemma of an inflected form: %s → %s', (english, chinese) => {
    expect(englishToChinese(english)).toContain(chinese);
  });

  it.each(['the', 'a', 'how', 'do', 'I', 'what', 'is', 'does', 'who'])(
    'does not translate the stop word %s',
    (word) => {
      expect(englishToChinese(word)).toEqual([]);
    },
  );

  it.each(['xyzzyq', '', '   ', '42', '翻转', 'flip!'])('gives [] for what is not a known English word: %j', (word) => {
    expect(englishToChinese(word)).toEqual([]);
  });
});

describe('chineseToEnglish', () => {
  it.each([
    ['翻转', 'flip'],
    ['翻转', 'turn over'],
    ['图层', 'layer'],
    ['压缩', 'compress'],
    ['创始人', 'founder'],
    ['估值', 'valuation'],
  ])('%s → %s', (chinese, english) => {
    expect(chineseToEnglish(chinese)).toContain(english);
  });

  it('gives short senses without "to", asides or references', () => {
    for (const sense of chineseToEnglish('翻')) {
      expect(sense).not.toMatch(/^to |[()[\]]/);
      expect(sense.split(' ').length).toBeLessThanOrEqual(3);
    }
  });

  it('gives [] for words it does not know', () => {
    expect(chineseToEnglish('李开复')).toEqual([]);
    expect(chineseToEnglish('flip')).toEqual([]);
  });
});

describe('lemmaCandidates', () => {
  it('tries the word itself first, then its possible stems', () => {
    expect(lemmaCandidates('layers')).toEqual(['layers', 'layer']);
    expect(lemmaCandidates('copies')[0]).toBe('copies');
    expect(lemmaCandidates('copies')).toContain('copy');
    expect(lemmaCandidates('flipped')).toContain('flip');
    expect(lemmaCandidates('deleted')).toContain('delete');
    expect(lemmaCandidates('compressing')).toContain('compress');
    expect(lemmaCandidates('press')).toEqual(['press']);
  });

  it('takes an adverb back to its adjective: officially → official, easily → easy', () => {
    expect(lemmaCandidates('officially')).toContain('official');
    expect(lemmaCandidates('easily')).toContain('easy');
    expect(lemmaCandidates('only')).toEqual(['only']);
  });

  it('knows irregular forms: left → leave, children → child', () => {
    expect(lemmaCandidates('left')).toEqual(['left', 'leave']);
    expect(lemmaCandidates('children')).toContain('child');
  });
});

describe('englishToChinese of an irregular form', () => {
  it('finds the base word’s Chinese too when both are main senses (left: 离开 as leave)', () => {
    expect(englishToChinese('left')).toContain('离开');
    expect(englishToChinese('went')).toContain('去');
  });
});

describe('words of the same meaning', () => {
  it('finds the corpus words that share a plain sense with a question word', () => {
    expect(plainSensesOf('改名')).toContain('rename');
    const corpusWords = new Set(['重命名', '文件', '磁盘']);
    const table = sameSenseTable((han) => corpusWords.has(han));
    expect(table.get('rename')).toEqual(['重命名']);
    // Only the words the corpus has are kept.
    expect([...table.values()].flat().every((w) => corpusWords.has(w))).toBe(true);
  });
});

describe('englishToChinese: the word buckets', () => {
  it('find exactly the senses a search of the whole text finds, for words, forms, hyphenated words and phrases', () => {
    const d = englishIndex();
    // Every 997th sense's words, pairs of them (phrases, hyphenated) and their pieces, and words CC-CEDICT lacks.
    const probes = new Set<string>(['flip', 'founder', 'co-founder', 'share price', "rock 'n' roll", 'zzqx', 'e-mail']);
    for (let sense = 0; sense < d.entries.length; sense += 997) {
      const words = d.text.slice(d.starts[sense], d.starts[sense + 1]! - 1).match(/[a-z][a-z'-]*/g) ?? [];
      words.forEach((w, i) => {
        // Stop words never reach the lookup (englishToChinese drops them), and each costs tens of ms here.
        if (STOP.has(w) || w.length < 3) return;
        probes.add(w);
        if (w.length > 3) probes.add(w.slice(0, -1));
        if (i > 0) probes.add(`${words[i - 1]} ${w}`);
        if (i > 0) probes.add(`${words[i - 1]}-${w}`);
      });
    }
    expect(probes.size).toBeGreaterThan(600);
    let holding = 0;
    for (const word of probes) {
      const found = sensesHolding(d, word);
      expect(found, word).toEqual(sensesHoldingByScan(d, word));
      if (found.length > 0) holding++;
    }
    // Most probes are real words with senses: the comparison is not between two empty lists.
    expect(holding).toBeGreaterThan(probes.size / 4);
  });
});
