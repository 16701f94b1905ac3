import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeText, normalizeWithMap } from '../../src/engine/normalize.ts';
import { tokenize, tokenizeNormalized } from '../../src/engine/tokenize.ts';
import { normalizedText } from '../../src/engine/indexTerms.ts';
import { buildIndex, prepareCoverageSteps } from '../../src/engine/searchIndex.ts';
import { documentOf } from '../support/documents.ts';
import { analyzeQuestion } from '../../src/engine/question.ts';

/** The texts of a question's units: what the search looks for. */
const unitsOf = (question: string): string[] => analyzeQuestion(question).units.map((u) => u.text);

/** Any string a user could paste, including lone surrogates (which fc.string's 'binary' unit never makes). */
const anyUnicode = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 80 }),
  // Mostly Chinese with Latin, digits, joiners, invisible characters and emoji mixed in: the shapes
  // the tokenizer actually branches on.
  fc.string({
    unit: fc.oneof(
      fc.integer({ min: 0x4e00, max: 0x9fff }).map((c) => String.fromCodePoint(c)),
      fc.constantFrom(
        'a',
        'Z',
        '4',
        '0',
        '.',
        '-',
        '_',
        '+',
        "'",
        '&',
        ' ',
        '\n',
        '\t',
        '\u200b',
        '\u202e',
        '\ufeff',
        '\u0000',
        '😀',
        '👩‍💻',
        'é',
        'e\u0301',
        'Ａ',
        '４',
        '。',
        '?',
        '，',
        '亿',
        '元',
        '轮',
      ),
    ),
    maxLength: 60,
  }),
);

describe('tokenize: index terms', () => {
  it('turns a Chinese name into overlapping character bigrams, so it is found without a dictionary', () => {
    expect(tokenize('贾扬清')).toEqual(['贾扬', '扬清']);
  });

  it('keeps a single Han character as a unigram', () => {
    expect(tokenize('电')).toEqual(['电']);
  });

  it('indexes GPT-4 whole, joined and by parts, so "gpt4" and "GPT-4" meet', () => {
    const terms = tokenize('升级到了GPT-4,');
    expect(terms).toEqual(expect.arrayContaining(['gpt-4', 'gpt4', 'gpt', '4']));
  });

  it('keeps a product code such as H100 as one term', () => {
    const terms = tokenize('英伟达最新的H100');
    expect(terms).toContain('h100');
    expect(terms).not.toContain('h');
  });

  it('glues a number to the Han unit after it: 2亿美元 yields 2亿', () => {
    expect(tokenize('估值就已达到2亿美元')).toEqual(expect.arrayContaining(['2', '2亿', '亿美', '美元']));
  });

  it('keeps a decimal price whole: 36.60元', () => {
    expect(tokenize('36.60元/股')).toEqual(expect.arrayContaining(['36.60', '36.60元']));
  });

  it('full-width ＧＰＴ－４ and half-width GPT-4 give the same terms (NFKC)', () => {
    expect(tokenize('ＧＰＴ－４')).toEqual(tokenize('GPT-4'));
    expect(tokenize('Ｈ１００')).toEqual(['h100']);
  });

  it('is case-insensitive', () => {
    expect(tokenize('OpenAI ChatGPT')).toEqual(tokenize('openai CHATGPT'));
    expect(tokenize('OpenAI')).toEqual(['openai']);
  });

  it('indexes traditional characters under their simplified forms', () => {
    expect(tokenize('賈揚清離職')).toEqual(tokenize('贾扬清离职'));
  });

  it('zero-width and bidi characters do not split a name', () => {
    expect(tokenize('贾\u200b扬清')).toEqual(['贾扬', '扬清']);
    expect(tokenize('贾\u202e扬\u2066清')).toEqual(['贾扬', '扬清']);
    expect(tokenize('Open\u200bAI')).toEqual(['openai']);
  });

  it('gives no terms for emoji or punctuation only', () => {
    expect(tokenize('😀🎉👩‍💻')).toEqual([]);
    expect(tokenize('?!。,…——「」')).toEqual([]);
  });

  it('never throws, and every term is non-empty without white space (property)', () => {
    fc.assert(
      fc.property(anyUnicode, (text) => {
        for (const term of tokenize(text)) {
          expect(term.length).toBeGreaterThan(0);
          expect(term).not.toMatch(/\s/u);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('produces terms already normalised, so a term re-normalises to itself (property)', () => {
    fc.assert(
      fc.property(anyUnicode, (text) => {
        for (const term of tokenize(text)) expect(normalizeText(term)).toBe(term);
      }),
      { numRuns: 200 },
    );
  });
});

describe('analyzeQuestion: question units', () => {
  it('a traditional question has exactly the units of its simplified form', () => {
    const traditional = analyzeQuestion('賈揚清是哪天宣布離職的?');
    const simplified = analyzeQuestion('贾扬清是哪天宣布离职的?');
    expect(traditional.units).toEqual(simplified.units);
    expect(simplified.units.map((u) => u.text)).toEqual(['贾扬清', '宣布', '离职']);
  });

  it('drops Chinese question words and stop words', () => {
    expect(unitsOf('什么')).toEqual([]);
    expect(unitsOf('谁')).toEqual([]);
    expect(unitsOf('哪些')).toEqual([]);
    expect(unitsOf('多少')).toEqual([]);
    expect(unitsOf('吗')).toEqual([]);
    // jieba may keep 科大讯飞 whole or cut it in two; either way the question words go and the content stays.
    expect(unitsOf('科大讯飞的创始人是谁?').join('')).toBe('科大讯飞创始人');
    expect(unitsOf('云从科技的市值缩水到了多少?')).not.toContain('多少');
  });

  it('drops English question words and stop words, keeping the content', () => {
    expect(unitsOf('the')).toEqual([]);
    expect(unitsOf('what')).toEqual([]);
    expect(unitsOf('What is the GPT-4?')).toEqual(['gpt-4']);
  });

  it('a word unit is searched whole and joined, not by its parts (a bare "4" would match everything)', () => {
    const [unit] = analyzeQuestion('GPT-4').units;
    expect(unit).toMatchObject({ text: 'gpt-4', kind: 'word', terms: ['gpt-4', 'gpt4'] });
  });

  it('glues a number to the following Han character in questions too: 2亿', () => {
    const units = analyzeQuestion('2亿美元').units;
    expect(units[0]).toMatchObject({ text: '2', kind: 'word' });
    expect(units[0]!.terms).toContain('2亿');
  });

  it('keeps a funding round letter glued to 轮: B轮', () => {
    expect(analyzeQuestion('B轮融资').terms).toContain('b轮');
  });

  // "a" alone is an English stop word; glued to 轮 it names a funding round (A轮 and B轮 must not match alike).
  it('keeps the round letter A glued to 轮 although "a" alone is an English stop word', () => {
    expect(analyzeQuestion('光年之外的A轮融资').terms).toContain('a轮');
  });

  it('full-width and half-width questions agree', () => {
    expect(analyzeQuestion('ＧＰＴ－４是什么?').units).toEqual(analyzeQuestion('GPT-4是什么?').units);
  });

  it('keeps a name jieba does not know in one unit, even with a zero-width space inside', () => {
    expect(unitsOf('贾扬清')).toEqual(['贾扬清']);
    expect(unitsOf('贾\u200b扬清')).toEqual(['贾扬清']);
  });

  it('glues a lone surname or adjective onto the word after it, but not a noun, measure word or verb', () => {
    expect(unitsOf('王小川')).toEqual(['王小川']);
    expect(unitsOf('大模型')).toEqual(['大模型']);
    // 人 + 登录 and 台 + 服务器 are no names: glued, 登录 and 服务器 would count only by their bigrams.
    expect(unitsOf('哪些人登录在这台服务器上')).toEqual(expect.arrayContaining(['登录', '服务器']));
    expect(unitsOf('查看硬盘')).toEqual(expect.arrayContaining(['硬盘']));
  });

  it('counts a repeated unit once', () => {
    expect(unitsOf('GPT-4 和 gpt-4?')).toEqual(['gpt-4']);
    expect(unitsOf('贾扬清,贾扬清')).toEqual(['贾扬清']);
  });

  it('gives no units for emoji-only or punctuation-only questions', () => {
    expect(analyzeQuestion('😀😀🎉').units).toEqual([]);
    expect(analyzeQuestion('?!。,…').units).toEqual([]);
    expect(analyzeQuestion('\u0000\u0001\u200b').terms).toEqual([]);
  });

  it('never throws on arbitrary input, and its units and terms are well formed (property)', () => {
    fc.assert(
      fc.property(anyUnicode, (question) => {
        const analyzed = analyzeQuestion(question);
        expect(new Set(analyzed.units.map((u) => u.text)).size).toBe(analyzed.units.length);
        for (const unit of analyzed.units) {
          expect(unit.text.length).toBeGreaterThan(0);
          expect(unit.terms.length).toBeGreaterThan(0);
          for (const term of unit.terms) {
            expect(term.length).toBeGreaterThan(0);
            expect(term).not.toMatch(/\s/u);
            expect(analyzed.terms).toContain(term);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('normalizeWithMap', () => {
  it('maps every normalised unit back to the input character it came from (property)', () => {
    fc.assert(
      fc.property(anyUnicode, (text) => {
        const { text: norm, map } = normalizeWithMap(text);
        expect(map.length).toBe(norm.length + 1);
        expect(map.at(-1)).toBe(text.length);
        for (let i = 1; i < map.length; i++) expect(map[i]!).toBeGreaterThanOrEqual(map[i - 1]!);
      }),
      { numRuns: 200 },
    );
  });
});

describe('normalizeText', () => {
  it('meets a chained traditional form and its simplified end: 薴, 苧 and 苎 normalise alike', () => {
    expect(normalizeText('薴麻')).toBe('苎麻');
    expect(normalizeText('苧麻')).toBe('苎麻');
  });

  it('is idempotent on every character of the CJK block, so question and passage forms always meet', () => {
    const unstable: string[] = [];
    for (let code = 0x4e00; code <= 0x9fff; code++) {
      const once = normalizeText(String.fromCharCode(code));
      if (normalizeText(once) !== once) unstable.push(String.fromCharCode(code));
    }
    expect(unstable).toEqual([]);
  });
});

describe('normalizedText: hasWord', () => {
  const wordsOf = (text: string): Set<string> =>
    new Set(tokenizeNormalized(text).filter((t) => !/\p{sc=Han}/u.test(t)));

  it('finds exactly the text’s non-Han tokens, whole: not a word inside another, not two words across a space (property)', () => {
    fc.assert(
      fc.property(anyUnicode, fc.array(fc.string({ maxLength: 6 }), { maxLength: 5 }), (raw, extra) => {
        const text = normalizeText(raw);
        const normalized = normalizedText(text);
        const words = wordsOf(text);
        for (const word of words) expect(normalized.hasWord(word), word).toBe(true);
        // Pieces of words, pairs of neighbours joined by a space, and arbitrary strings: in only when a token.
        const tokens = [...words];
        const probes = [
          ...tokens.flatMap((w) => [w.slice(1), w.slice(0, -1)]),
          ...tokens.slice(1).map((w, i) => `${tokens[i]} ${w}`),
          ...extra,
        ];
        for (const probe of probes) expect(normalized.hasWord(probe), probe).toBe(words.has(probe));
      }),
      { numRuns: 300 },
    );
  });

  it('tells "ai" from "openai" and finds an option among others', () => {
    const text = normalizedText(normalizeText('OpenAI 的 gpt-4 用 tar -z 打包'));
    expect(text.hasWord('openai')).toBe(true);
    expect(text.hasWord('ai')).toBe(false);
    expect(text.hasWord('tar')).toBe(true);
    expect(text.hasWord('gpt-4') || text.hasWord('gpt')).toBe(true);
    expect(text.hasWord('openai gpt')).toBe(false);
  });
});

describe('word lines across passages', () => {
  const wordSet = (text: string): string[] =>
    [...new Set(tokenizeNormalized(text).filter((t) => !/\p{sc=Han}/u.test(t)))].sort();

  it('no word token crosses a newline, so a document’s words are its passages’ words (property)', () => {
    fc.assert(
      fc.property(anyUnicode, anyUnicode, (a, b) => {
        const [x, y] = [normalizeText(a), normalizeText(b)];
        expect(wordSet(`${x}\n${y}`)).toEqual([...new Set([...wordSet(x), ...wordSet(y)])].sort());
      }),
      { numRuns: 300 },
    );
  });

  it('a document’s text has exactly the words of its whole text, read from its passages', () => {
    const doc = documentOf(
      'guide.md',
      '# Setup\n\nRun `tar -xzf pkg.tar.gz` first.\n\n## Usage\n\nThe openai-compatible API 用 gpt-4 调用。\n\nSee also: chmod 755, --recursive.',
    );
    const index = buildIndex([doc]);
    expect(index.passages.length).toBeGreaterThan(1);
    const whole = index.passages.map((_, i) => index.normalizedText(i).body.text).join('\n');
    const document = index.normalizedText(0).document;
    for (const word of wordSet(whole)) expect(document.hasWord(word), word).toBe(true);
    for (const word of ['tar', 'openai', 'chmod', 'recursive']) expect(document.hasWord(word), word).toBe(true);
    expect(document.hasWord('ai')).toBe(false);
  });

  it('the warm-up prepares every passage, a step per 50 passages, and leaves the words as they were', () => {
    const body = Array.from({ length: 120 }, (_, i) => `Paragraph ${i} about option --flag${i} and 文件${i}.`).join(
      '\n\n',
    );
    const index = buildIndex([documentOf('many.md', body)]);
    const steps = [...prepareCoverageSteps(index)].length;
    expect(steps).toBe(Math.floor(index.passages.length / 50));
    for (let i = 0; i < index.passages.length; i++) {
      const prepared = index.normalizedText(i).body;
      expect(prepared.prepareWords()).toBe(normalizedText(prepared.text).prepareWords());
    }
  });
});
