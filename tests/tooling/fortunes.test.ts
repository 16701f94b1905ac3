import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { answerQuestion } from '../../src/engine/answer.ts';
import { loadCorpus } from '../../src/store/corpus.ts';
import {
  FORTUNES_DIR,
  fortuneDocuments,
  fortunesAvailable,
  markdownId,
  parseEntry,
  readFortunes,
  splitEntries,
  stripAnsi,
  writeFortunesCorpus,
} from '../../tooling/corpora/fortunes.ts';
import { buildIndex } from '../../src/engine/searchIndex.ts';
import type { CorpusDocument } from '../../src/engine/types.ts';

// The real texts are GPL and are read from the installed package only; these made-up entries have
// the same shapes (colour codes, title and author lines, a closing attribution).
describe('fortune parsing (synthetic entries)', () => {
  it('strips escape codes, including the nested ones the data has', () => {
    expect(stripAnsi('\x1b[32m《题》\x1b[m')).toBe('《题》');
    expect(stripAnsi('a\x1b[;\x1b[34;1mmb\x1b[;m')).toBe('ab');
  });

  it('splits on % lines, with or without a closing %', () => {
    expect(splitEntries('a\n%\nb\nc\n%\n')).toEqual([['a'], ['b', 'c'], ['']]);
    expect(splitEntries('a\n%\nb')).toEqual([['a'], ['b']]);
  });

  it('reads a title line and an author line (both colon forms)', () => {
    expect(parseEntry(['《春日・其一》', '作者：某人', '一二三四五，', '六七八九十。'])).toEqual({
      title: '春日・其一',
      author: '某人',
      body: '一二三四五，\n六七八九十。\n',
    });
    expect(parseEntry(['题目:《秋夜》二首', '作者:某人（９４６－９９９）', '', '  其一', '', '甲乙丙丁。'])).toEqual({
      title: '《秋夜》二首',
      author: '某人（９４６－９９９）',
      body: '  其一\n\n甲乙丙丁。\n',
    });
  });

  it('uses the first line as the title (kept in the body) and a closing "--" line as the author', () => {
    expect(parseEntry(['山高水长，来日方长。', '    -- 某人《某书》', ''])).toEqual({
      title: '山高水长，来日方长。',
      author: '某人《某书》',
      body: '山高水长，来日方长。\n',
    });
    const long = '长'.repeat(50);
    expect(parseEntry([long])?.title).toBe(`${'长'.repeat(39)}…`);
  });

  it('keeps a short word before the brackets in the title', () => {
    expect(parseEntry(['七律《登山》', '甲乙丙丁。'])?.title).toBe('七律《登山》');
  });

  it('does not take a verse that starts with a work name for a title, nor a rule for an attribution', () => {
    const entry = parseEntry(['《水调》数声持酒听，午醉醒来愁未醒。', '---']);
    expect(entry?.title).toBe('《水调》数声持酒听，午醉醒来愁未醒。');
    expect(entry?.author).toBeNull();
  });

  it('skips empty entries and numbers documents by their position in the file', () => {
    const docs = fortuneDocuments('demo', '\x1b[32m《甲》\x1b[m\n作者：乙\n丙丁。\n%\n\n%\n戊己。\n%\n');
    expect(docs.map((d) => d.id)).toEqual(['demo/0001.txt', 'demo/0003.txt']);
    expect(docs[0]).toMatchObject({
      title: '甲',
      author: '乙',
      body: '丙丁。\n',
      language: 'zh',
      mtimeMs: 0,
      bytes: 10,
    });
    expect(markdownId('demo/0001.txt')).toBe('demo/0001.md');
  });
});

/** A line from the middle of a poem's body: what someone who half-remembers the poem would type. */
function middleLine(doc: CorpusDocument): string {
  const lines = doc.body.split('\n').filter((line) => line.trim() !== '');
  return lines[Math.floor(lines.length / 2)]!.trim();
}

describe.skipIf(!fortunesAvailable())(
  `fortunes-zh corpus (skipped when ${FORTUNES_DIR} lacks it: apt-get install fortunes-zh)`,
  () => {
    let docs: CorpusDocument[] = [];
    beforeAll(async () => {
      docs = await readFortunes();
    });

    it('has one document per entry: about 5,670 (chinese 5263, tang300 313, song100 95)', () => {
      expect(docs.length).toBeGreaterThan(5620);
      expect(docs.length).toBeLessThan(5720);
      expect(docs.filter((d) => d.id.startsWith('tang300/'))).toHaveLength(313);
      expect(new Set(docs.map((d) => d.id)).size).toBe(docs.length);
    });

    it('reads the title and author of a tang300 poem', () => {
      const poem = docs.find((d) => d.id === 'tang300/0002.txt');
      expect(poem).toMatchObject({ title: '梦李白・其二', author: '杜甫', language: 'zh' });
      expect(poem?.body.startsWith('浮云终日行，游子久不至。\n')).toBe(true);
      expect(poem?.body).not.toMatch(/作者|《/);
    });

    it('leaves no escape codes anywhere', () => {
      const dirty = docs.filter((d) => `${d.title}${d.author ?? ''}${d.body}`.includes('\x1b'));
      expect(dirty.map((d) => d.id)).toEqual([]);
    });

    it('round-trips through Markdown files and loadCorpus', async () => {
      // Every 40th document, plus titles with double quotes and a backslash (front matter escaping).
      const tricky = new Set(['chinese/0069.txt', 'chinese/4187.txt', 'chinese/4189.txt']);
      const subset = docs.filter((d, i) => i % 40 === 0 || tricky.has(d.id));
      const dir = await mkdtemp(path.join(os.tmpdir(), 'fortunes-'));
      try {
        await writeFortunesCorpus(dir, subset);
        const loaded = await loadCorpus(dir);
        expect(loaded.problems).toEqual([]);
        const pick = (d: CorpusDocument) => ({ title: d.title, author: d.author, language: d.language, body: d.body });
        const expected = subset
          .map((d) => ({ id: markdownId(d.id), ...pick(d) }))
          .sort((a, b) => (a.id < b.id ? -1 : 1));
        expect(loaded.documents.map((d) => ({ id: d.id, ...pick(d) }))).toEqual(expected);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });

    // The project's "done when": a line of a Tang poem finds the poem among all the fortunes.
    it('finds a tang300 poem in the top 3 from one of its lines', () => {
      const index = buildIndex(docs);
      const poems = docs.filter((d) => d.id.startsWith('tang300/')).filter((_, i) => i % 15 === 0);
      const misses: string[] = [];
      for (const poem of poems) {
        const question = middleLine(poem);
        const top = answerQuestion(index, question).passages.map((p) => p.citation.docId);
        if (!top.includes(poem.id))
          misses.push(`${poem.id} 《${poem.title}》 ${question} → ${top.join(', ') || '(nothing)'}`);
      }
      console.log(
        `fortunes: a poem line finds its poem in the top 3 for ${poems.length - misses.length}/${poems.length} tang300 poems`,
      );
      expect(poems.length).toBeGreaterThanOrEqual(20);
      expect(misses.length, misses.join('\n')).toBeLessThanOrEqual(1);
    });
  },
);
