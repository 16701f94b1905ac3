import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { answerQuestion } from '../../src/engine/answer.ts';
import { analyzeQuestion } from '../../src/engine/question.ts';
import { defaultAnswerOptions } from '../../src/engine/answer.ts';
import { expandQuestion, expansionWarmUp } from '../../src/engine/ranking/expand.ts';
import { holdsAnswerType } from '../../src/engine/ranking/answerType.ts';
import { findCandidates } from '../../src/engine/ranking/candidates.ts';
import { documentFrequencies } from '../../src/engine/ranking/weights.ts';
import { parseSynonyms } from '../../src/engine/synonyms.ts';
import { buildIndex, type SearchIndex } from '../../src/engine/searchIndex.ts';
import { documentOf } from '../support/documents.ts';
import { Library } from '../../src/store/library.ts';

/**
 * Golden ranking tests on a small corpus written for them (tests/fixtures/ranking-corpus): a news
 * story, a command's manual page, an operator's notes, an English HTML page and a synonyms file.
 * Each row gives the full order of the passages returned and why it is right, one kind of question
 * per group (minisearch's style of ranking test).
 */

const CORPUS = fileURLToPath(new URL('../fixtures/ranking-corpus', import.meta.url));
let index: SearchIndex;
beforeAll(async () => {
  const library = new Library({ corpusDir: CORPUS, snapshot: false });
  await library.open();
  index = library.index;
});

function order(question: string): string[] {
  return answerQuestion(index, question, { top: 3 }).passages.map((p) => p.id);
}

interface Row {
  q: string;
  expected: string[];
  why: string;
}

const rows: Record<string, Row[]> = {
  'romanised names and English': [
    {
      q: 'Who founded Xinghe?',
      expected: ['xinghe.md#p1', 'xinghe.md#p2'],
      why: 'founded → 创立 (CC-CEDICT) and Xinghe → 星河 (pinyin): p1 says both; p2 names 星河 and its investors; p4 names 星河 but no person, so it does not say who',
    },
    {
      q: 'Chen Lifeng 创办了哪家公司',
      expected: ['xinghe.md#p1', 'xinghe.md#p3'],
      why: 'Chen Lifeng reads as 陈立峰 (surname first); p1 has him and 创立, p3 only him',
    },
    {
      q: 'how do I flip a layer horizontally',
      expected: ['flip.html#p1', 'flip.html#p2'],
      why: 'English over English: p1 has flip, layer and horizontally (stemmed); p2 only horizontal',
    },
  ],
  'who someone is': [
    {
      q: 'Who is Lifeng Chen?',
      expected: ['xinghe.md#p1', 'xinghe.md#p3'],
      why: 'Lifeng Chen reads as 陈立峰; p1 introduces him by his role (研究员陈立峰), p3 only names him',
    },
    {
      q: '陈利峰是谁',
      expected: ['xinghe.md#p1', 'xinghe.md#p3'],
      why: 'a question of one name the corpus has only by its sound (陈利峰 ~ 陈立峰) is answered; p1 introduces him',
    },
  ],
  'English questions on Chinese text': [
    {
      q: 'Where did Chen Lifeng start his company after he left Microsoft?',
      expected: ['xinghe.md#p1'],
      why: 'Microsoft → 微软, start → 开始, a place (在杭州): p1; p3 names him but no place',
    },
  ],
  'Chinese over English text': [
    {
      q: '怎么把图片水平翻转',
      expected: ['flip.html#p1'],
      why: '翻转 → flip and 水平 → horizontal (CC-CEDICT, Chinese to English): the Flip page',
    },
  ],
  'typos by sound': [
    {
      q: '陈利峰在哪创立的公司',
      expected: ['xinghe.md#p1'],
      why: '陈利峰 is not in the corpus but sounds like 陈立峰; p1 says 在杭州创立; p3’s 在接受采访时表示, is no place',
    },
  ],
  'answer types': [
    {
      q: '星河科技A轮融了多少钱',
      expected: ['xinghe.md#p2'],
      why: 'an amount is asked: p2 has 5000万元 next to A轮; p1 mentions 星河科技 with a year, which is no amount',
    },
    {
      q: '陈立峰想把语音助手做到哪里',
      expected: ['xinghe.md#p3', 'xinghe.md#p1', 'xinghe.md#p4'],
      why: 'p3 is the one that has 语音助手 and where (汽车); the others share the names',
    },
  ],
  'titles and synonyms': [
    {
      q: '怎么压缩文件',
      expected: ['tar.txt#p2', 'tar.txt#p3', 'tar.txt#p1'],
      why: 'the page whose title says 压缩文件 ranks before the notes that mention 压缩 in their body',
    },
    {
      q: '怎么归档文件',
      expected: ['tar.txt#p2', 'tar.txt#p1', 'tar.txt#p3'],
      why: '归档 is the tar page’s word; the notes’ 归档目录 is about old logs',
    },
    {
      q: '硬盘快满了怎么办',
      expected: ['notes.txt#p1'],
      why: '硬盘 is not in the corpus; synonyms.txt says 磁盘 硬盘, and the notes say 磁盘快满',
    },
  ],
};

describe('golden ranking', () => {
  for (const [kind, list] of Object.entries(rows)) {
    describe(kind, () => {
      for (const { q, expected, why } of list) {
        it(`${q} → ${expected.join(', ')} (${why})`, () => {
          expect(order(q)).toEqual(expected);
        });
      }
    });
  }
});

describe('the answer-type check, both sides', () => {
  it('a trap that asks for an age abstains, though the person is in the corpus', () => {
    expect(analyzeQuestion('陈立峰今年多大').asks).toBe('age');
    expect(answerQuestion(index, '陈立峰今年多大').answered).toBe(false);
  });
  it('the same person asked about what the corpus says is answered', () => {
    expect(answerQuestion(index, '陈立峰在哪创立的公司').answered).toBe(true);
  });
  it('an amount question is answered by the passage with the amount', () => {
    expect(analyzeQuestion('星河科技A轮融了多少钱').asks).toBe('amount');
    expect(answerQuestion(index, '星河科技A轮融了多少钱').passages[0]?.text).toContain('5000万元');
  });
  it('a year or a date is no amount: how many years he worked there is not in the corpus', () => {
    // p1 has 2019年 next to 陈立峰 and 微软, p2 has 2021年3月: times, not a number of years.
    expect(analyzeQuestion('陈立峰在微软干了几年').asks).toBe('amount');
    expect(answerQuestion(index, '陈立峰在微软干了几年').answered).toBe(false);
  });
  it('a time question needs a time: "when" finds the year', () => {
    expect(analyzeQuestion('when did Chen Lifeng found Xinghe').asks).toBe('time');
    expect(answerQuestion(index, 'when did Chen Lifeng found Xinghe').passages[0]?.text).toContain('2019年');
  });
});

describe('the answer-type check on what a passage says', () => {
  const holds = (question: string, text: string): boolean => holdsAnswerType(text, analyzeQuestion(question));
  it('where someone is from needs an origin: where he founded the company is none', () => {
    expect(analyzeQuestion('陈立峰是哪里人').asks).toBe('origin');
    expect(answerQuestion(index, '陈立峰是哪里人').answered).toBe(false);
    expect(holds('陈立峰是哪里人', '陈立峰是湖南人,毕业后去了微软。')).toBe(true);
    expect(holds('陈立峰是哪里人', '陈立峰来自一个小县城。')).toBe(true);
    // A 人 at the window's start (人们) is no place's, and the one after it is still looked at.
    expect(holds('陈立峰是哪里人', '人们都说陈立峰是湖南人。')).toBe(true);
  });
  it('a list that names the company among its peers gives no founder; a sentence that names him does', () => {
    expect(holds('思必驰的创始人是谁', '前者的代表公司有科大讯飞、云知声、思必驰等,后者有商汤科技等。')).toBe(false);
    expect(holds('科大讯飞的创始人是谁', '与刘庆峰创立的科大讯飞在技术上形成了竞争。')).toBe(true);
  });
  it('words that only look like a name are none (公司有, 汤科技)', () => {
    expect(holds('商汤科技的老板是谁', '这家公司有商汤科技的背景。')).toBe(false);
  });
  it('a name question needs a name: a quoted one or a Latin one the question does not use', () => {
    expect(holds('星河科技的语音助手叫什么名字', '星河科技的语音助手已经做进了汽车。')).toBe(false);
    expect(holds('星河科技的语音助手叫什么名字', '星河科技推出了名为“小星”的语音助手。')).toBe(true);
    expect(holds('星河科技的语音助手叫什么名字', '星河科技的语音助手Lumi已经做进了汽车。')).toBe(true);
  });
  it('the answer sits in the sentence of the matched words, not in the next one', () => {
    expect(holds('陈立峰的星河有多少员工', '陈立峰创立了星河。那一年,行业里共有3000家公司。')).toBe(false);
    expect(holds('陈立峰的星河有多少员工', '陈立峰的星河如今有300名员工。')).toBe(true);
  });
  it('the word for the kind of answer is not a word the passage must contain', () => {
    expect(analyzeQuestion("What's the name of Chen Lifeng's company?").units.map((u) => u.text)).not.toContain('name');
    expect(analyzeQuestion('陈立峰今年多大年纪').units.map((u) => u.text)).toEqual(['陈立峰', '今年']);
  });
});

describe('Taiwan wording in traditional questions', () => {
  it('a traditional question gets the mainland word as the same word (檔案 → 文件, 使用者 → 用户)', () => {
    const units = analyzeQuestion('如何刪除使用者的檔案').units;
    const alternatives = (text: string): string[] =>
      units.find((u) => u.text === text)?.alternatives.map((a) => a.text) ?? [];
    expect(alternatives('使用者')).toContain('用户');
    expect(alternatives('档案')).toContain('文件');
  });
  it('a simplified question is left as it is', () => {
    expect(analyzeQuestion('如何删除使用者的档案').units.flatMap((u) => u.alternatives)).toEqual([]);
  });
  it('the corpus’s mainland word then covers the question fully', () => {
    const best = answerQuestion(index, '怎麼壓縮檔案').passages[0];
    expect(best?.id).toBe('tar.txt#p2');
    expect(best?.coverage).toBe(1);
  });
});

describe('English words translated to the corpus’s Chinese', () => {
  // "space" in CC-CEDICT, in its order: 地方 空间 宇宙 场地 空格 地儿 | 空 … 太空 …: 空 and 太空 are past the first six.
  const small = buildIndex([
    documentOf('table.md', '表格里写 空 表示这一栏没有值。'), // 空 on its own: a term of the index
    documentOf('disk.md', '磁盘的空间不够时，先清理旧的日志。'),
    documentOf('sky.md', '人类第一次进入太空是在一九六一年。'),
  ]);
  const translations = (q: string): string[] =>
    expandQuestion(small, analyzeQuestion(q), defaultAnswerOptions)
      .units.flatMap((u) => u.alternatives)
      .filter((a) => a.via === 'translation')
      .map((a) => a.text);

  it('keeps the dictionary’s first translations the corpus uses, and low-ranked words, but no low-ranked lone character', () => {
    const got = translations('how much disk space is left');
    expect(got).toContain('空间'); // one of the first six, in the corpus
    expect(got).toContain('太空'); // ranked low, but a word of two characters the corpus has
    expect(got).not.toContain('空'); // ranked low and one character: it says "empty" far more often than "space"
    expect(got).not.toContain('地方'); // one of the first six, but the corpus never says it
  });

  it('so the passage about disk space comes first, and the one about empty table cells is not shown', () => {
    const ids = answerQuestion(small, 'disk space').passages.map((p) => p.id);
    expect(ids[0]).toBe('disk.md#p1');
    expect(ids).not.toContain('table.md#p1');
  });
});

describe('Chinese words matched through English senses of two words', () => {
  // CC-CEDICT: 反过来 … "in reverse order" (content words: reverse, order).
  const manual = buildIndex([
    documentOf('reverse.md', 'Reverse Layer Order puts the layers of the image in reverse order.'),
    documentOf('order.md', 'The Layers dialog shows the layers of the image in order.'),
  ]);
  const question = '图层的顺序怎么反过来';

  it('a sense of two content words matches a passage that holds both', () => {
    const analyzed = expandQuestion(manual, analyzeQuestion(question), defaultAnswerOptions);
    const reverse = analyzed.units.find((u) => u.text === '反过来')!;
    expect(reverse.alternatives).toContainEqual(
      expect.objectContaining({ text: 'in reverse order', terms: ['revers', 'order'] }),
    );
    const [first, second] = answerQuestion(manual, question).passages;
    expect(first?.id).toBe('reverse.md#p1');
    // Both say layer and order; only the first also says "reverse order".
    expect(first!.coverage).toBeGreaterThan(second?.coverage ?? 0);
  });

  it('no sense of more than two content words is used (too loose as a bag of words)', () => {
    for (const word of ['反过来', '红眼', '翻转']) {
      const analyzed = expandQuestion(manual, analyzeQuestion(word), defaultAnswerOptions);
      for (const alt of analyzed.units.flatMap((u) => u.alternatives)) expect(alt.terms.length).toBeLessThanOrEqual(2);
    }
  });
});

describe('misspelt words searched by spelling (fuzzy), right ones not', () => {
  const menu = buildIndex([
    documentOf('dessert.md', 'The chocolate dessert is served after dinner.'),
    documentOf('hours.md', 'The kitchen opens at seven.'),
  ]);
  const candidateDocuments = (question: string): string[] => {
    const analyzed = expandQuestion(menu, analyzeQuestion(question), defaultAnswerOptions);
    const { passages } = findCandidates(
      menu,
      analyzed,
      defaultAnswerOptions,
      documentFrequencies(menu, analyzed.terms),
    );
    return [...passages.keys()].map((ordinal) => menu.passages[ordinal]!.docId);
  };

  it('a word no dictionary knows, absent from the corpus, finds the passages spelt nearly like it', () => {
    expect(analyzeQuestion('chocolat').units[0]).toMatchObject({ kind: 'word', name: true });
    expect(candidateDocuments('chocolat')).toEqual(['dessert.md']);
  });

  it('a dictionary word absent from the corpus is spelt right: no search for near spellings (desert is no dessert)', () => {
    expect(analyzeQuestion('desert').units[0]).toMatchObject({ kind: 'word', name: false });
    expect(candidateDocuments('desert')).toEqual([]);
  });
});

describe('field boosts of the document search (RankingOptions)', () => {
  // One document names the task in its title, another only in its description: the boosts decide.
  const docs = buildIndex([
    documentOf('titled.md', '先停下服务，再复制数据目录。', { title: '备份数据库' }),
    documentOf('described.md', '每晚两点运行一次。', { title: '定时任务', description: '备份数据库的脚本' }),
  ]);
  const documentOrder = (options: Partial<typeof defaultAnswerOptions>): string[] => {
    const analyzed = expandQuestion(docs, analyzeQuestion('怎么备份数据库'), defaultAnswerOptions);
    const opts = { ...defaultAnswerOptions, ...options };
    const { documents } = findCandidates(docs, analyzed, opts, documentFrequencies(docs, analyzed.terms));
    return [...documents].sort((a, b) => b[1] - a[1]).map(([id]) => id);
  };

  it('by default the title weighs more than the description', () => {
    expect(documentOrder({})).toEqual(['titled.md', 'described.md']);
  });
  it('titleBoost and leadBoost reach the search: with the lead weighed more, the described page leads', () => {
    expect(documentOrder({ titleBoost: 0.2, leadBoost: 3 })).toEqual(['described.md', 'titled.md']);
  });
  it('a matching document brings its first passages into the candidates, documentLeadPassages of them', () => {
    // described.md's text shares no word with the question: only its description does.
    const candidatesWith = (documentLeadPassages: number): string[] => {
      const analyzed = expandQuestion(docs, analyzeQuestion('怎么备份数据库'), defaultAnswerOptions);
      const opts = { ...defaultAnswerOptions, documentLeadPassages };
      const { passages } = findCandidates(docs, analyzed, opts, documentFrequencies(docs, analyzed.terms));
      return [...passages.keys()].map((o) => docs.passages[o]!.id);
    };
    expect(candidatesWith(3)).toContain('described.md#p1');
    expect(candidatesWith(0)).not.toContain('described.md#p1');
  });
  it('documentCandidates bounds how many documents lend their score', () => {
    expect(documentOrder({ documentCandidates: 1 })).toEqual(['titled.md']);
  });
});

describe('a page copied under several names', () => {
  // Manual pages often are: bzip2, bunzip2 and bzcat are one page under three names.
  const page = '压缩文件时，数据块越大压缩率越高。解压时需要的内存也随之增加。';
  const copies = buildIndex([
    documentOf('bzip2.txt', page),
    documentOf('bunzip2.txt', page),
    documentOf('bzcat.txt', page),
    documentOf('gzip.txt', '压缩级别越高，压缩率越高，但速度更慢。'),
  ]);

  it('is quoted once: the other places of the answer go to other passages', () => {
    const answer = answerQuestion(copies, '压缩率怎么提高', { top: 3 });
    const texts = answer.passages.map((p) => p.text);
    expect(answer.passages.map((p) => p.id)).toContain('gzip.txt#p1');
    expect(new Set(texts).size).toBe(texts.length);
    expect(texts.filter((t) => t === page)).toHaveLength(1);
  });
});

describe('words of the same meaning', () => {
  const meanings = (i: SearchIndex, q: string): string[] =>
    expandQuestion(i, analyzeQuestion(q), defaultAnswerOptions)
      .units.flatMap((u) => u.alternatives)
      .filter((a) => a.via === 'meaning')
      .map((a) => a.text);

  it('轮换 finds the notes’ 轮转 (both "to rotate" in CC-CEDICT)', () => {
    expect(meanings(index, '日志多久轮换一次')).toContain('轮转');
    expect(answerQuestion(index, '日志多久轮换一次').passages[0]?.id).toBe('notes.txt#p2');
  });

  it('while a service prepares the table in steps, questions go without it; once done, with it', async () => {
    const library = new Library({ corpusDir: CORPUS, snapshot: false });
    await library.open();
    const fresh = library.index;
    const steps = expansionWarmUp(fresh);
    expect(meanings(fresh, '日志多久轮换一次')).toEqual([]);
    let turns = 0;
    while (!steps.next().done) turns++;
    expect(turns).toBeGreaterThan(1); // it did pause: a caller can spread it over event-loop turns
    expect(meanings(fresh, '日志多久轮换一次')).toContain('轮转');
  });
});

describe('question analysis', () => {
  it('a lone character glues onto the next word unless it is a verb (大模型 is one unit, 看 硬盘 two)', () => {
    expect(analyzeQuestion('大模型创业的门槛为什么变高了').units.map((u) => u.text)).toContain('大模型');
    expect(analyzeQuestion('请问怎么看硬盘还剩多少空间').units.map((u) => u.text)).toContain('硬盘');
  });
  it('chat fillers and particles drop out as question words do', () => {
    const units = (q: string): string[] => analyzeQuestion(q).units.map((u) => u.text);
    expect(units('话说星河科技是谁创立的来着 🤔')).toEqual(units('星河科技是谁创立的'));
    expect(units('星河科技融资了吗啊')).toEqual(units('星河科技融资了吗'));
  });
  it('how-many and which-number words (几号, 第几轮, 几家, 多大) are question words, not content', () => {
    const units = (q: string): string[] => analyzeQuestion(q).units.map((u) => u.text);
    expect(units('陈立峰是几号离职的')).toEqual(['陈立峰', '离职']);
    expect(units('星河科技第几轮融到五千万')).not.toContainEqual(expect.stringContaining('几'));
    expect(units('星河科技投了几家公司')).toEqual(units('星河科技投了公司'));
    expect(analyzeQuestion('陈立峰今年多大').units.map((u) => u.text)).toEqual(['陈立峰', '今年']);
    expect(analyzeQuestion('陈立峰今年多大').asks).toBe('age');
  });
  it('几家 asks how many, 哪几家 which ones: a list of names answers it, not a number', () => {
    expect(analyzeQuestion('星河科技投了几家公司').asks).toBe('amount');
    expect(analyzeQuestion('陈立峰先后在哪几家公司干过').asks).toBeNull();
    expect(analyzeQuestion('哪几位创始人离职了').units.map((u) => u.text)).not.toContainEqual(
      expect.stringContaining('几'),
    );
  });
  it('好在哪里, 区别在哪 ask in what respect, not where; 总部在哪里, 住在哪儿 ask for a place', () => {
    expect(analyzeQuestion('星河科技的模型好在哪里').asks).toBeNull();
    expect(analyzeQuestion('两家公司的区别在哪').asks).toBeNull();
    expect(analyzeQuestion('星河科技的总部在哪里').asks).toBe('place');
    expect(analyzeQuestion('陈立峰住在哪儿').asks).toBe('place');
  });
  it('多大 asks a person’s age but a thing’s size', () => {
    expect(analyzeQuestion('陈立峰多大').asks).toBe('age');
    expect(analyzeQuestion('星河科技的语音模型有多大').asks).toBe('amount');
    expect(analyzeQuestion('星河科技的创始人年纪多大').asks).toBe('age');
  });
  it('questions about the document itself are recognised', () => {
    expect(analyzeQuestion('这篇文章是谁写的').meta).toBe('author');
    expect(analyzeQuestion('who wrote this article?').meta).toBe('author');
    expect(analyzeQuestion('文章最后的结论是什么').meta).toBe('conclusion');
    expect(analyzeQuestion('星河科技是谁创立的').meta).toBeNull();
  });
});

describe('synonyms file', () => {
  it('reads one group per line, skips comments, and names the lines it cannot use', () => {
    const { table, problems } = parseSynonyms(
      '# groups\n文件夹 目录\n删除, 移除, 删掉\n孤单\n\nSenseTime 商汤科技 商汤\n',
    );
    expect(table.groups).toHaveLength(3);
    expect(table.alternativesOf('目录')).toEqual(['文件夹']);
    expect([...table.alternativesOf('移除')].sort()).toEqual(['删掉', '删除'].sort());
    expect(table.alternativesOf('sensetime')).toEqual(['商汤科技', '商汤']);
    expect(table.alternativesOf('資料夾')).toEqual([]);
    expect(problems).toEqual([expect.objectContaining({ line: 4, reason: 'a group needs two words or more: "孤单"' })]);
  });
  it('traditional script finds the simplified group', () => {
    expect(parseSynonyms('文件夹 目录').table.alternativesOf('文件夾')).toEqual(['目录']);
  });
  it('without the file, a question in the synonym’s words is not in the corpus', async () => {
    const bare = new Library({ corpusDir: CORPUS, snapshot: false });
    await bare.open();
    expect(answerQuestion(bare.index, '硬盘快满了怎么办').answered).toBe(true);
    const withoutSynonyms = { ...bare.index, synonyms: parseSynonyms('').table };
    expect(answerQuestion(withoutSynonyms, '硬盘快满了怎么办').answered).toBe(false);
  });
});
