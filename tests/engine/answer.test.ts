import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectAnswerOfIndex } from '../support/answerShape.ts';
import { answerQuestion, validateQuestion } from '../../src/engine/answer.ts';
import { loadCorpus } from '../../src/store/corpus.ts';
import { normalizeText } from '../../src/engine/normalize.ts';
import { sentenceEnds } from '../../src/engine/passages.ts';
import { buildIndex, documentFrequency, hasTerm, type SearchIndex } from '../../src/engine/searchIndex.ts';
import { tokenize } from '../../src/engine/tokenize.ts';
import type { Answer } from '../../src/engine/types.ts';
import { UserFacingError } from '../../src/errors.ts';

const SHIPPED_CORPUS = fileURLToPath(new URL('../../corpus', import.meta.url));
const DOC = 'ai-2-0-founders.md';
const TITLE = 'AI 2.0诸神之战:贾扬清、王慧文、李开复等大佬下场大模型创业';

let index: SearchIndex;
beforeAll(async () => {
  index = buildIndex((await loadCorpus(SHIPPED_CORPUS)).documents);
});

/** 1-based rank of the first returned passage containing `quote`, or 0 when none does. */
function rankOf(answer: Answer, quote: string): number {
  return answer.passages.findIndex((p) => p.text.includes(quote)) + 1;
}

function ask(question: string, top = 5): Answer {
  return answerQuestion(index, question, { top });
}

/** The invariants every answer keeps, plus what this article's answers show: exact citations,
 * whole best sentences and highlights made of the question's terms. */
function checkAnswerShape(answer: Answer): void {
  expectAnswerOfIndex(index, answer, 0, (p, passage) => {
    expect(p.citation).toEqual({
      docId: DOC,
      title: TITLE,
      author: '郝鑫',
      section: passage.section,
      paragraphs: passage.paragraphs,
      url: null,
    });
    // The best sentence is a whole sentence of the passage (leading white space trimmed).
    const { start, end } = p.bestSentence;
    const ends = sentenceEnds(p.text);
    expect(ends).toContain(end);
    const sentenceStart = [0, ...ends].filter((e) => e <= start).at(-1)!;
    expect(p.text.slice(sentenceStart, start).trim()).toBe('');
    for (const h of p.highlights) {
      const slice = normalizeText(p.text.slice(h.start, h.end));
      expect(
        answer.terms.some((t) => slice.startsWith(t)),
        `${slice} starts with a term of ${answer.terms.join(',')}`,
      ).toBe(true);
      expect(
        answer.terms.some((t) => slice.endsWith(t)),
        `${slice} ends with a term`,
      ).toBe(true);
    }
  });
}

// Golden ranking tests on the shipped article. Each row: the question, a quote the expected passage
// contains, the rank it must reach at worst, and why it ranks there.
const golden: Array<{ q: string; quote: string; rank: number; why: string }> = [
  {
    q: 'Who founded 商汤?',
    quote: '创立了商汤科技公司',
    rank: 1,
    why: 'mixed English and Chinese: "founded" stands for 创立/创办/创始 (glossary.ts), so the passage with 商汤 and 创立 together covers the whole question.',
  },
  {
    q: 'How much does an Nvidia H100 cost?',
    quote: '一张卡34000美元',
    rank: 1,
    why: 'wholly English: H100 is the one term the article shares and "cost" stands for 成本/花费; nvidia, which the article never writes, keeps the coverage below 1 but above the threshold.',
  },
  {
    q: '王慧文是谁?',
    quote: '原美团联合创始人王慧文',
    rank: 1,
    why: 'an identity question: every passage naming 王慧文 covers it fully, and the one that introduces him by his role right before the name (联合创始人王慧文) is preferred over those that merely mention him.',
  },
  {
    q: '王小川以前是哪家公司的CEO?',
    quote: '前搜狗CEO王小川',
    rank: 1,
    why: 'units 王小川/以前/公司/ceo: the passage with 王小川 and CEO together covers the rare units; 以前 and 公司 are common words that weigh little.',
  },
  {
    q: '贾扬清在哪里宣布离职的?',
    quote: '在其朋友圈官宣离职',
    rank: 1,
    why: 'units 贾扬清/宣布/离职; p2 has 贾扬清 and 离职 (it says 官宣, not 宣布). p29 has only 离职 (黄伟 leaving), p20/p12 only 宣布; 贾扬清 in the title gives those no more than meta credit.',
  },
  {
    q: '賈揚清是哪天宣布離職的?',
    quote: '3月21日',
    rank: 1,
    why: 'traditional script is normalised to the same units as 贾扬清是哪天宣布离职的 (哪天 is a question word), so the same passage p2, which holds the date, wins.',
  },
  {
    q: '王慧文的光年之外估值多少?',
    quote: '光年之外刚启动估值就已达到2亿美元',
    rank: 1,
    why: 'p34 covers every unit (王慧文, 光年, 之外, 估值); p13 also names 王慧文 and 光年之外 but not 估值.',
  },
  {
    q: '2亿美元',
    quote: '达到2亿美元',
    rank: 1,
    why: 'the number is glued to 亿 ("2亿"), which only p34 contains; p42 and p30 share just 美元.',
  },
  {
    q: '商汤科技是谁创立的?',
    quote: '港中大的教授汤晓鸥',
    rank: 1,
    why: 'p30 has 商汤, 科技 and 创立 (创立了商汤科技公司); p38 and p36 name 商汤科技 but not 创立.',
  },
  {
    q: '科大讯飞的创始人是谁?',
    quote: '与刘庆峰创立的科大讯飞',
    rank: 2,
    why: 'no passage says 创始人: p29 (刘庆峰创立的科大讯飞) and p36 (a list of companies) cover 科大讯飞 alike, and BM25 prefers the shorter p29 — ambiguous on coverage, so top 2.',
  },
  {
    q: '英伟达H100多少钱?',
    quote: '一张卡34000美元',
    rank: 1,
    why: 'the Latin term h100 and 英伟达 occur only in p42; 多少钱 is a question phrase and dropped.',
  },
  {
    q: 'H100',
    quote: '英伟达最新的H100',
    rank: 1,
    why: 'a product code indexed whole; one passage has it.',
  },
  {
    q: 'What did Kai-Fu Lee say about AI 2.0 and electricity? 李开复 电网',
    quote: 'AI 2.0就是电网',
    rank: 1,
    why: 'English words the corpus never uses (kai-fu, lee, electricity) weigh 0.4; 李开复 + 电网 + AI + 2.0 decide, and 电网 is only in p9. p23/p27 have 李开复 and AI 2.0 but no 电网.',
  },
  {
    q: 'ChatGPT升级到了哪个版本?',
    quote: '迭代升级到了GPT-4',
    rank: 1,
    why: 'chatgpt + 升级 + 版本 (哪个 dropped): p3 is the only passage with both chatgpt and 升级.',
  },
  {
    q: '云从科技的股价跌到了多少?',
    quote: '36.60元/股跌至15.31元/股',
    rank: 1,
    why: 'p38 has 云从科技 and 股价; p31 (the founding of 云从科技) lacks 股价.',
  },
  {
    q: 'GPT-3训练用了多少单词?',
    quote: '近1万亿个单词',
    rank: 1,
    why: 'gpt-3 and 单词 are only in p42; 训练 alone also occurs in p4 and p43.',
  },
  {
    q: '光锥智能',
    quote: '据光锥智能不完全统计',
    rank: 2,
    why: 'the publisher is in every passage’s byline (meta credit 0.7), but only the byline passage and p26 have it in their text, which counts in full.',
  },
  {
    q: 'ＧＰＴ－４',
    quote: '迭代升级到了GPT-4',
    rank: 1,
    why: 'full-width input is NFKC-normalised to gpt-4, which only p3 contains.',
  },
  {
    q: '李志飞的短期目标是什么?',
    quote: '明年6月做出一个60分的通用大模型',
    rank: 1,
    why: 'p19 has 李志飞, 短期 and 目标; other 李志飞 passages have neither.',
  },
  {
    q: '王小川以前是哪家公司的CEO?',
    quote: '前搜狗CEO王小川',
    rank: 1,
    why: 'p8 has 王小川 and ceo (以前 and 公司 are common and weigh little); p48 names 王小川 without ceo.',
  },
  {
    q: '四家企业合计亏损多少?',
    quote: '四家企业合计亏损高达500亿元',
    rank: 1,
    why: 'p39 contains every unit; 亏损 occurs nowhere else.',
  },
];

describe('golden ranking on the shipped article', () => {
  for (const { q, quote, rank, why } of golden) {
    it(`${q} → "${quote}" at rank ≤ ${rank}`, () => {
      const answer = ask(q);
      expect(answer.answered, why).toBe(true);
      const at = rankOf(answer, quote);
      expect(at, `${why}\ngot: ${answer.passages.map((p) => p.id).join(', ')}`).toBeGreaterThanOrEqual(1);
      expect(at, why).toBeLessThanOrEqual(rank);
      checkAnswerShape(answer);
    });
  }

  it('the best sentence of the H100 answer is the H100 sentence, not the start of the paragraph', () => {
    const [first] = ask('英伟达H100多少钱?').passages;
    expect(first!.text.slice(first!.bestSentence.start, first!.bestSentence.end)).toBe(
      '英伟达最新的H100,一张卡34000美元,超过20万人民币。',
    );
  });

  it('the best sentence contains a term of the question whenever the passage text does', () => {
    let checked = 0;
    for (const { q } of golden) {
      const answer = ask(q);
      for (const p of answer.passages) {
        // A passage may be returned for its title or byline alone (meta credit): then no sentence can.
        if (!answer.terms.some((t) => normalizeText(p.text).includes(t))) continue;
        const sentence = normalizeText(p.text.slice(p.bestSentence.start, p.bestSentence.end));
        expect(
          answer.terms.some((t) => sentence.includes(t)),
          `${q} / ${p.id}: ${sentence}`,
        ).toBe(true);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(golden.length);
  });

  // A name in the document title is in the title field of every passage; it must still weigh enough to answer.
  it('贾扬清 (a bare name that is also in the title) → a passage about 贾扬清', () => {
    const answer = ask('贾扬清');
    expect(answer.answered).toBe(true);
    expect(answer.passages[0]!.text).toContain('贾扬清');
  });

  // An author question: the verb 写 next to the name must not hide the byline match.
  it('郝鑫写的文章 (an author question) → passages of 郝鑫’s article', () => {
    const answer = ask('郝鑫写的文章');
    expect(answer.answered).toBe(true);
    expect(answer.passages[0]!.citation.author).toBe('郝鑫');
  });

  it('郝鑫的文章 → passages of 郝鑫’s article', () => {
    const answer = ask('郝鑫的文章');
    expect(answer.answered).toBe(true);
    expect(answer.passages[0]!.citation.author).toBe('郝鑫');
  });

  // The tokenizer indexes GPT-4 joined as well ("gpt4"), and coverage counts that form too.
  it('gpt4 (written without the hyphen) → the GPT-4 passage', () => {
    expect(rankOf(ask('gpt4'), '迭代升级到了GPT-4')).toBe(1);
  });

  // Highlights and coverage agree on whole words: "GPT" is not highlighted inside "ChatGPT".
  it('never highlights a Latin term inside a longer Latin word', () => {
    const latin = /[A-Za-z0-9]/;
    let latinHighlights = 0;
    const insideWords: string[] = [];
    for (const q of ['GPT 野心', 'AI公司对标']) {
      for (const p of ask(q).passages) {
        for (const h of p.highlights) {
          // Only a highlight that starts (or ends) with a Latin letter or digit can be inside a word;
          // a Han term next to one ("2.0公司") is a match of its own.
          const startsLatin = latin.test(p.text[h.start]!);
          const endsLatin = latin.test(p.text[h.end - 1]!);
          if (startsLatin || endsLatin) latinHighlights++;
          if (startsLatin && latin.test(p.text[h.start - 1] ?? ''))
            insideWords.push(`${q}: …${p.text.slice(h.start - 4, h.end)}`);
          if (endsLatin && latin.test(p.text[h.end] ?? ''))
            insideWords.push(`${q}: ${p.text.slice(h.start, h.end + 4)}…`);
        }
      }
    }
    // GPT and AI are highlighted somewhere (else this test would check nothing), never inside a longer word.
    expect(latinHighlights).toBeGreaterThan(0);
    expect(insideWords).toEqual([]);
  });
});

describe('English questions answered from the Chinese text', () => {
  const cases = [
    {
      q: 'When did Jia Yangqing leave Alibaba?',
      quote: '3月21日',
      why: 'Jia Yangqing → 贾扬清, Alibaba → 阿里 (CC-CEDICT); a time is asked and given',
    },
    {
      q: 'Who founded SenseTime?',
      quote: '创立了商汤科技',
      why: 'SenseTime → 商汤科技 (CC-CEDICT names it), founded → 创立',
    },
    { q: 'Who is Kai-Fu Lee?', quote: '李开复', why: 'Kai-Fu Lee reads as 李开复, given name first' },
    { q: '李开复', quote: '李开复', why: 'a bare name the article mentions everywhere is still answered' },
    {
      q: "Where did Kai-Fu Lee's new company officially go online?",
      quote: '正式上线',
      why: 'officially → official → 正式, go online → 上线; where: 在其…官网正式上线 (在, then the translated words)',
    },
    {
      q: 'Which company did Li Zhifei found?',
      quote: '李志飞',
      why: 'Li Zhifei reads as 李志飞; found → 创办, 创立 (CC-CEDICT)',
    },
  ];
  for (const { q, quote, why } of cases) {
    it(`${q} → "${quote}" in the top 3 (${why})`, () => {
      expect(rankOf(ask(q, 3), quote)).toBeGreaterThan(0);
    });
  }
});

describe('abstention: questions the article does not answer', () => {
  const offTopic = [
    'What is the weather in Shanghai tomorrow?',
    'Which company makes the iPhone?',
    '上海明天会下雨吗?',
    '今天天气怎么样?',
    '红烧肉怎么做?',
    '番茄炒蛋的做法',
    'Who won the 2018 World Cup?',
    '2022年世界杯冠军是谁?',
    '怎么学习JavaScript?',
    'How do I learn JavaScript?',
    '苹果手机怎么截图',
  ];
  // Near the topic: AI companies, founders, money — but what is asked is not in the article.
  const nearTopic = [
    '百度文心一言的参数量是多少?',
    '马斯克的xAI融资了多少?',
    '字节跳动的大模型叫什么?',
    '特斯拉的股价是多少?',
    '阿里云的营收是多少?',
    '李开复的妻子是谁?',
  ];

  for (const q of [...offTopic, ...nearTopic]) {
    it(`${q} → not answered, no passages`, () => {
      const answer = ask(q);
      expect(answer.answered, answer.passages.map((p) => p.text.slice(0, 30)).join(' / ')).toBe(false);
      expect(answer.passages).toEqual([]);
    });
  }

  // A name the article mentions plus something it never says: passages that only mention the name do not answer.
  it('美团的股价是多少? → not answered (the article gives no share price for 美团)', () => {
    expect(ask('美团的股价是多少?').answered).toBe(false);
  });

  it('王慧文的股价是多少? → p38 (about 商汤科技’s shares) is not quoted', () => {
    expect(ask('王慧文的股价是多少?').passages.map((p) => p.id)).not.toContain(`${DOC}#p38`);
  });

  // Known bug: the passages that name 王慧文 cover the question without 股价 (he is most of its weight), and
  // one of them holds an amount (两位合伙人), so the answer-type check passes. Requiring a typed question's
  // focus word lost more answerable questions than traps (closing note). Make this a plain `it` once the
  // ranking abstains here.
  it.fails('王慧文的股价是多少? → not answered (the article gives no share price for 王慧文)', () => {
    expect(ask('王慧文的股价是多少?').answered).toBe(false);
  });
});

describe('answer options', () => {
  it('top limits the number of passages', () => {
    expect(answerQuestion(index, '贾扬清在哪里宣布离职的?', { top: 1 }).passages).toHaveLength(1);
    expect(answerQuestion(index, 'OpenAI的估值', { top: 3 }).passages).toHaveLength(3);
    expect(answerQuestion(index, 'OpenAI的估值', { top: 10 }).passages.length).toBeGreaterThan(3);
  });

  it('offset returns the next passages, ranked on from the first page, with no overlap', () => {
    const all = answerQuestion(index, 'OpenAI的估值', { top: 4 });
    const first = answerQuestion(index, 'OpenAI的估值', { top: 2 });
    const second = answerQuestion(index, 'OpenAI的估值', { top: 2, offset: 2 });
    expect(second.passages.map((p) => p.rank)).toEqual([3, 4]);
    expect(second.passages.map((p) => p.id)).toEqual(all.passages.slice(2).map((p) => p.id));
    const firstIds = new Set(first.passages.map((p) => p.id));
    expect(second.passages.some((p) => firstIds.has(p.id))).toBe(false);
  });

  it('an offset past the last passage returns none', () => {
    const answer = answerQuestion(index, 'H100', { top: 3, offset: 3 });
    expect(answer.passages).toEqual([]);
  });
});

describe('bad input', () => {
  const codeOf = (question: string): string | null => {
    try {
      answerQuestion(index, question);
      return null;
    } catch (err) {
      return err instanceof UserFacingError ? err.code : `unexpected ${String(err)}`;
    }
  };

  it('an empty or white-space question is a UserFacingError question.empty', () => {
    expect(codeOf('')).toBe('question.empty');
    expect(codeOf('   \n\t ')).toBe('question.empty');
    expect(codeOf('\u3000')).toBe('question.empty'); // ideographic space
  });

  it('a 10,000-character question is a UserFacingError question.tooLong; 1,000 characters (code points) pass', () => {
    expect(codeOf('贾'.repeat(10_000))).toBe('question.tooLong');
    expect(codeOf('贾'.repeat(1_001))).toBe('question.tooLong');
    expect(codeOf('😀'.repeat(1_000))).toBeNull(); // 2,000 UTF-16 units, 1,000 characters
    expect(validateQuestion('  贾扬清  ')).toBe('贾扬清');
  });

  it('emoji, control characters, lone surrogates and NUL do not throw, and answer nothing', () => {
    for (const q of ['😀😀🎉', '\u0001\u0002\u0007', '\ud800', '\udfff\ud800', '\u0000', '\u200b\u200b', '?!。']) {
      const answer = answerQuestion(index, q);
      expect(answer.answered, JSON.stringify(q)).toBe(false);
      expect(answer.passages).toEqual([]);
      expect(answer.terms).toEqual([]);
    }
  });

  it('invisible characters inside a real question do not stop it being answered', () => {
    expect(rankOf(ask('贾\u200b扬清在哪里宣布\u0000离职的?'), '在其朋友圈官宣离职')).toBe(1);
  });

  it('any string either answers with a well-formed answer or is refused with question.empty/tooLong (property)', () => {
    const question = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 40 }),
      fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 40 }),
      fc
        .array(
          fc.constantFrom('贾扬清', '离职', 'GPT-4', 'H100', '什么', '的', ' ', '😀', '\u200b', 'AI', '2.0', '亿', '?'),
          { maxLength: 8 },
        )
        .map((a) => a.join('')),
    );
    fc.assert(
      fc.property(question, (q) => {
        let answer: Answer;
        try {
          answer = answerQuestion(index, q);
        } catch (err) {
          expect(err).toBeInstanceOf(UserFacingError);
          expect(['question.empty', 'question.tooLong']).toContain((err as UserFacingError).code);
          return;
        }
        checkAnswerShape(answer);
      }),
      { numRuns: 150 },
    );
  });
});

describe('documentFrequency', () => {
  // It reads MiniSearch's private term tree: this guards against a minisearch upgrade changing it.
  it('equals a brute-force count of passages whose text or section contains the term (titles and bylines do not count)', () => {
    const fieldsOf = (ordinal: number): string[] => {
      const p = index.passages[ordinal]!;
      return [p.text, p.section ?? ''];
    };
    const bruteForce = (term: string): number =>
      index.passages.filter((_, i) => fieldsOf(i).some((f) => tokenize(f).includes(term))).length;
    const counts: Record<string, number> = {};
    for (const term of [
      '离职',
      'h100',
      'gpt-4',
      'gpt4',
      '商汤',
      'openai',
      '2亿',
      '大佬',
      '贾扬',
      '郝鑫',
      '光锥',
      '电网',
      'notinthecorpus',
    ]) {
      counts[term] = documentFrequency(index, term);
      expect(counts[term], term).toBe(bruteForce(term));
    }
    // The count is not trivially 0 or "everything": rare, common and absent terms differ.
    expect(counts.h100).toBe(1);
    expect(counts.notinthecorpus).toBe(0);
    // The author's name is in the byline paragraph only (the title and byline fields do not count).
    expect(counts['郝鑫']).toBe(1);
  });

  it('equals the brute-force count for every term of the corpus, and hasTerm says whether it is above 0', () => {
    const termSets = index.passages.map((p) => new Set([...tokenize(p.text), ...tokenize(p.section ?? '')]));
    const terms = new Set(termSets.flatMap((set) => [...set]));
    let inSectionAndText = 0;
    for (const term of terms) {
      const expected = termSets.filter((set) => set.has(term)).length;
      expect(documentFrequency(index, term), term).toBe(expected);
      expect(hasTerm(index, term), term).toBe(true);
      if (index.passages.some((p) => tokenize(p.section ?? '').includes(term))) inSectionAndText++;
    }
    // The union of the two fields is exercised: some terms are in section headings as well as in bodies.
    expect(inSectionAndText).toBeGreaterThan(0);
    expect(hasTerm(index, 'notinthecorpus')).toBe(false);
  });
});
