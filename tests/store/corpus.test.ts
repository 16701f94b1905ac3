import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCorpus, parseDocument, type LoadedCorpus } from '../../src/store/corpus.ts';
import { UserFacingError } from '../../src/errors.ts';

const SHIPPED_CORPUS = fileURLToPath(new URL('../../corpus', import.meta.url));
const FW_COMMA = '\uff0c'; // written as an escape so no tool can turn it into ASCII
const GBK_NIHAO = Buffer.from([0xc4, 0xe3, 0xba, 0xc3]); // 你好 in GBK: not UTF-8

let dir: string;
let corpus: LoadedCorpus;

/** Writes files (relative path → content) under dir, creating folders. */
async function writeFiles(root: string, files: Record<string, string | Uint8Array>): Promise<void> {
  for (const [rel, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, rel)), { recursive: true });
    await writeFile(path.join(root, rel), content);
  }
}

const FRONT_MATTER_MD = [
  '---',
  'title: "熊猫的一天"',
  'author: 张三',
  'publisher: 动物日报',
  'url: https://example.com/panda',
  'published: 2023-03-21',
  'language: zh',
  'tags: ignored',
  '---',
  '',
  '大熊猫每天花十几个小时吃竹子。',
  '',
].join('\n');

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'wenda-corpus-'));
  await writeFiles(dir, {
    'front.md': FRONT_MATTER_MD,
    'heading.md': '# 长城简介\n\n长城是中国古代的军事防御工程。\n',
    'plain.md': '没有标题的文档,第一段就是正文。\n',
    'titled.txt': '龙井茶\n龙井茶产于杭州西湖一带。\n',
    'byline.txt': '文|光锥智能,作者|郝鑫\n“白驹过隙,我也计划走向职业生涯的下一个挑战。”\n',
    'sentence.txt': '这一行是完整的句子,所以它不是标题。\n第二行。\n',
    'crlf.txt': '\ufeff标题行\r\n第一段正文。\r\n第二段正文。\r\n',
    'sub/dir/deep.md': '子目录里的文档。\n',
    '.hidden.md': '隐藏文件不应被读取。\n',
    '.git/config.md': '隐藏目录里的文件不应被读取。\n',
    'gbk.txt': GBK_NIHAO,
    'empty.md': '',
    'blank.txt': '  \n\n\t\n',
    'only-front-matter.md': '---\ntitle: 空\n---\n\n',
    'binary.txt': Buffer.from([0x68, 0x69, 0x00, 0x01, 0x02]),
    'unclosed.md': '---\ntitle: 没有结尾\n\n正文。\n',
    'nocolon.md': '---\ntitle: 好的\n这一行没有冒号\n---\n正文。\n',
    'report.pdf': '%PDF-1.4',
    'notes.docx': 'PK',
  });
  corpus = await loadCorpus(dir);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const docById = (id: string) => corpus.documents.find((d) => d.id === id);
const problemOf = (file: string) => corpus.problems.find((p) => p.file === file);

describe('loadCorpus: documents', () => {
  it('reads front matter: title, author, publisher, url, published, language; unknown keys ignored', () => {
    expect(docById('front.md')).toMatchObject({
      title: '熊猫的一天',
      author: '张三',
      publisher: '动物日报',
      url: 'https://example.com/panda',
      published: '2023-03-21',
      language: 'zh',
    });
    expect(docById('front.md')!.body).toBe('\n大熊猫每天花十几个小时吃竹子。\n');
    expect(docById('front.md')!.body).not.toContain('tags');
  });

  it('a .md without front matter takes its title from a leading "# " heading, or else from the file name', () => {
    expect(docById('heading.md')).toMatchObject({
      title: '长城简介',
      author: null,
      publisher: null,
      url: null,
      language: null,
    });
    expect(docById('plain.md')!.title).toBe('plain');
  });

  it('a .txt takes its title from a short first line without sentence punctuation, and drops it from the body', () => {
    expect(docById('titled.txt')).toMatchObject({ title: '龙井茶', body: '龙井茶产于杭州西湖一带。\n' });
    expect(docById('sentence.txt')!.title).toBe('sentence');
    expect(docById('sentence.txt')!.body).toContain('这一行是完整的句子');
  });

  it('a byline "文|光锥智能,作者|郝鑫" on the first line becomes publisher and author, and stays quotable', () => {
    const doc = docById('byline.txt')!;
    expect(doc).toMatchObject({ publisher: '光锥智能', author: '郝鑫' });
    // It stays in the text: it is the passage that answers "who wrote this?". It is not the title.
    expect(doc.body.trimStart().startsWith('文|光锥智能,作者|郝鑫')).toBe(true);
    expect(doc.title).not.toContain('作者');
    expect(doc.body).toContain('白驹过隙');
  });

  it('strips a BOM and normalises CRLF line ends, and hashes the file bytes', () => {
    const doc = docById('crlf.txt')!;
    expect(doc.title).toBe('标题行');
    expect(doc.body).toBe('第一段正文。\n第二段正文。\n');
    expect(doc.bytes).toBeGreaterThan(doc.body.length);
    expect(doc.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('reads subfolders with "/" ids and ignores hidden files and folders', () => {
    expect(docById('sub/dir/deep.md')?.body).toBe('子目录里的文档。\n');
    const ids = corpus.documents.map((d) => d.id);
    expect(ids.some((id) => id.includes('.hidden') || id.includes('.git'))).toBe(false);
    expect(corpus.problems.some((p) => p.file.startsWith('.'))).toBe(false);
  });

  it('returns documents sorted by id, with the resolved directory', () => {
    const ids = corpus.documents.map((d) => d.id);
    expect(ids).toEqual([...ids].sort());
    expect(corpus.dir).toBe(path.resolve(dir));
    expect(ids).toEqual([
      'byline.txt',
      'crlf.txt',
      'front.md',
      'heading.md',
      'plain.md',
      'sentence.txt',
      'sub/dir/deep.md',
      'titled.txt',
    ]);
  });
});

describe('loadCorpus: bad files are problems, never fatal', () => {
  it('a non-UTF-8 file is reported by name, saying UTF-8, while the others still load', () => {
    expect(problemOf('gbk.txt')?.reason).toMatch(/UTF-8/);
    expect(corpus.documents.length).toBe(8);
  });

  it('an empty file, a blank file and a file with only front matter are reported as empty', () => {
    for (const file of ['empty.md', 'blank.txt', 'only-front-matter.md'])
      expect(problemOf(file)?.reason, file).toMatch(/empty|no text/);
  });

  it('a file with NUL bytes is reported as binary', () => {
    expect(problemOf('binary.txt')?.reason).toMatch(/binary/);
  });

  it('broken front matter is reported with what is wrong: no closing ---, a line without a colon', () => {
    expect(problemOf('unclosed.md')?.reason).toMatch(/closing ---/);
    expect(problemOf('nocolon.md')?.reason).toMatch(/line 3 .*key: value/);
  });

  it('other file types are skipped with a problem naming every type that is a document', () => {
    expect(problemOf('report.pdf')?.reason).toBe(
      'skipped: only .txt, .md, .markdown, .html and .htm files are documents',
    );
    expect(problemOf('notes.docx')?.reason).toMatch(/skipped/);
  });

  it('every skipped file has exactly one problem, and no document', () => {
    const files = corpus.problems.map((p) => p.file).sort();
    expect(files).toEqual([
      'binary.txt',
      'blank.txt',
      'empty.md',
      'gbk.txt',
      'nocolon.md',
      'notes.docx',
      'only-front-matter.md',
      'report.pdf',
      'unclosed.md',
    ]);
  });

  it('a file over maxFileBytes is reported with its size and the limit, and smaller ones load', async () => {
    const small = await mkdtemp(path.join(os.tmpdir(), 'wenda-corpus-size-'));
    try {
      await writeFiles(small, { 'big.md': '大'.repeat(100), 'small.md': '小文档。' });
      const loaded = await loadCorpus(small, { maxFileBytes: 64 });
      expect(loaded.documents.map((d) => d.id)).toEqual(['small.md']);
      expect(loaded.problems.map(({ file, reason }) => ({ file, reason }))).toEqual([
        { file: 'big.md', reason: expect.stringMatching(/300 bytes .*64-byte limit/) },
      ]);
    } finally {
      await rm(small, { recursive: true, force: true });
    }
  });

  it('a missing directory is a UserFacingError corpus.missing naming the directory', async () => {
    const missing = path.join(dir, 'does-not-exist');
    const err = await loadCorpus(missing).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserFacingError);
    expect((err as UserFacingError).code).toBe('corpus.missing');
    expect((err as UserFacingError).message).toContain(missing);
  });

  it('a file given as the corpus directory is a UserFacingError, not a crash', async () => {
    const err = await loadCorpus(path.join(dir, 'front.md')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserFacingError);
    expect((err as UserFacingError).code).toBe('corpus.notDirectory');
  });
});

describe('parseDocument: the same checks for one file (used by /corpus add)', () => {
  const codeOf = (fn: () => unknown): string | undefined => {
    try {
      fn();
    } catch (err) {
      return err instanceof UserFacingError ? err.code : `not a UserFacingError: ${String(err)}`;
    }
    return undefined;
  };

  it('throws a UserFacingError with a stable code for each kind of bad file', () => {
    expect(codeOf(() => parseDocument('a.pdf', Buffer.from('x')))).toBe('document.type');
    expect(codeOf(() => parseDocument('a.md', Buffer.from('x'.repeat(20)), 0, 10))).toBe('document.tooLarge');
    expect(codeOf(() => parseDocument('a.md', Buffer.from([0x61, 0x00])))).toBe('document.binary');
    expect(codeOf(() => parseDocument('a.txt', GBK_NIHAO))).toBe('document.encoding');
    expect(codeOf(() => parseDocument('a.md', Buffer.from('\n \n')))).toBe('document.empty');
    expect(codeOf(() => parseDocument('a.md', Buffer.from('---\ntitle: x\n')))).toBe('document.frontMatter');
    expect(codeOf(() => parseDocument('a.md', Buffer.from('---\ntitle: "x\n---\n正文')))).toBe('document.frontMatter');
  });

  it('accepts an upper-case extension and records size, mtime and the sha256 of the bytes', () => {
    const bytes = Buffer.from('正文。');
    const doc = parseDocument('A.MD', bytes, 1234);
    expect(doc).toMatchObject({ id: 'A.MD', bytes: bytes.length, mtimeMs: 1234 });
    expect(doc.hash).toBe(createHash('sha256').update(bytes).digest('hex'));
  });

  it('takes the file name without its extension as the title, whatever the extension case', () => {
    expect(parseDocument('Notes.MD', Buffer.from('正文。')).title).toBe('Notes');
  });

  // Real bylines are written with a full-width comma: "文|光锥智能，作者|郝鑫".
  it('reads a byline written with a full-width comma', () => {
    const doc = parseDocument('a.txt', Buffer.from(`文|光锥智能${FW_COMMA}作者|郝鑫\n正文第一段。\n`));
    expect(doc).toMatchObject({ publisher: '光锥智能', author: '郝鑫' });
  });

  it('does not take a first line that ends in a full-width comma as the title', () => {
    const doc = parseDocument('a.txt', Buffer.from(`这句话还没有说完${FW_COMMA}\n接着说完。\n`));
    expect(doc.title).toBe('a');
  });
});

describe('the shipped corpus', () => {
  it('loads the article with its title, author 郝鑫, publisher 光锥智能 and language zh, without problems', async () => {
    const shipped = await loadCorpus(SHIPPED_CORPUS);
    expect(shipped.problems).toEqual([]);
    const doc = shipped.documents.find((d) => d.id === 'ai-2-0-founders.md');
    expect(doc).toMatchObject({
      title: 'AI 2.0诸神之战:贾扬清、王慧文、李开复等大佬下场大模型创业',
      author: '郝鑫',
      publisher: '光锥智能',
      language: 'zh',
      url: null,
    });
    // The byline stays as the first line of the text: it is what answers "who wrote this?".
    expect(doc!.body.startsWith('\n文|光锥智能,作者|郝鑫\n')).toBe(true);
    expect(doc!.body).not.toContain('author:');
  });
});
