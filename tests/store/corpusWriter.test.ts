import { failedReport } from '../support/reports.ts';
import { cp, readdir, readFile, stat, utimes, writeFile } from 'node:fs/promises';
import type { Dirent } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { answerQuestion } from '../../src/engine/answer.ts';
import { Library } from '../../src/store/library.ts';
import { REMOVED_DIR } from '../../src/store/corpusStore.ts';
import { UserFacingError } from '../../src/errors.ts';
import { tempDirs } from '../support/tempDirs.ts';

// The one writer of the corpus: replaces that never lose a document, concurrent writes that keep every
// version, replies that come when the change answers, and the hazards of a real disk.

const FIXTURE = fileURLToPath(new URL('../fixtures/library-corpus', import.meta.url));
/** The fixture's passage layout is pinned, whatever the tuned defaults are. */
const split = { minChars: 24, maxChars: 320 };
const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const tempDir = tempDirs('wenda-writer-');

async function openCopy(options: Partial<ConstructorParameters<typeof Library>[0]> = {}): Promise<Library> {
  const root = await tempDir();
  const dir = path.join(root, 'corpus');
  await cp(FIXTURE, dir, { recursive: true });
  const library = new Library({ corpusDir: dir, snapshot: false, split, ...options });
  await library.open();
  return library;
}

const top = (library: Library, q: string): string | undefined =>
  answerQuestion(library.index, q).passages[0]?.id.split('#')[0];
const fail = (code: string): NodeJS.ErrnoException => Object.assign(new Error(`${code}: injected`), { code });

describe('replacing a document', () => {
  it('on a full disk keeps the old version in place and answering, says why in words, leaves no temp file', async () => {
    const library = await openCopy();
    await library.writer
      .writeFile(
        'notes.md',
        enc('# 蓝莓果酱\n\n蓝莓果酱的做法是先把蓝莓洗净,加白糖腌制一小时,再用小火慢慢熬煮四十分钟。\n'),
      )
      .then((w) => w.rebuilt);
    const real = library.writer.fs;
    library.writer.fs = { ...real, writeFile: () => Promise.reject(fail('ENOSPC')) };
    const err = await library.writer.writeFile('notes.md', enc('# 笔记\n\n新的版本。\n')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserFacingError);
    expect((err as UserFacingError).code).toBe('corpus.diskFull');
    expect((err as Error).message).toMatch(/disk .* is full/);
    expect(await readFile(path.join(library.corpusDir, 'notes.md'), 'utf8')).toContain('蓝莓果酱');
    expect((await readdir(library.corpusDir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    await library.reindex();
    expect(top(library, '蓝莓果酱的做法是什么?')).toBe('notes.md');
  });

  it('a failure renaming the new version in puts nothing aside and keeps the old one', async () => {
    const library = await openCopy();
    const real = library.writer.fs;
    library.writer.fs = { ...real, rename: () => Promise.reject(fail('EROFS')) };
    const err = await library.writer.writeFile('tea.txt', enc('茶\n新内容。\n')).catch((e: unknown) => e);
    expect((err as UserFacingError).code).toBe('corpus.readOnly');
    expect(await readFile(path.join(library.corpusDir, 'tea.txt'), 'utf8')).not.toContain('新内容');
    const removed = await readdir(path.join(library.corpusDir, REMOVED_DIR)).catch(() => []);
    expect(removed).toEqual([]);
  });

  it('50 concurrent writes of one name keep 49 distinct old versions in .removed/', async () => {
    const library = await openCopy();
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => library.writer.writeFile('same.md', enc(`# 同名\n\n第${i}版。\n`))),
    );
    await Promise.all(results.map((r) => r.rebuilt));
    const removed = await readdir(path.join(library.corpusDir, REMOVED_DIR));
    expect(removed).toHaveLength(49);
    const versions = new Set(
      await Promise.all(removed.map((f) => readFile(path.join(library.corpusDir, REMOVED_DIR, f), 'utf8'))),
    );
    expect(versions.size).toBe(49);
    expect(results.filter((r) => r.replaced !== null)).toHaveLength(49);
  });
});

describe('a write during a reindex', () => {
  it('is answerable when the rebuild it waits for resolves, and writes meanwhile share one more rebuild', async () => {
    const library = await openCopy();
    const running = library.reindex();
    const writes = await Promise.all(
      [1, 2, 3].map((i) =>
        library.writer.writeFile(`late-${i}.md`, enc(`# 迟到${i}\n\n第${i}号迟到的文件讲的是紫砂壶。\n`)),
      ),
    );
    const countBefore = library.reindexCount;
    const reports = await Promise.all(writes.map((w) => w.rebuilt));
    await running;
    for (let i = 1; i <= 3; i++) expect(library.index.documents.has(`late-${i}.md`)).toBe(true);
    expect(reports.every((r) => r.ok)).toBe(true);
    // The running rebuild, plus at most one more for all three writes.
    expect(library.reindexCount - countBefore).toBeLessThanOrEqual(2);
  });
});

describe('guards', () => {
  it('refuses to remove the last document, and removes others', async () => {
    const library = await openCopy();
    const ids = [...library.index.documents.keys()];
    for (const id of ids.slice(1)) await (await library.writer.removeDocument(id)).rebuilt;
    expect(library.index.documents.size).toBe(1);
    const err = await library.writer.removeDocument(ids[0]!).catch((e: unknown) => e);
    expect((err as UserFacingError).code).toBe('corpus.lastDocument');
    expect(await stat(path.join(library.corpusDir, ids[0]!)).then(() => true)).toBe(true);
  });

  it('refuses an add past CORPUS_MAX_BYTES, and a reindex of a corpus grown past it keeps the old index', async () => {
    const library = await openCopy({ maxCorpusBytes: 4_000 });
    const err = await library.writer
      .addDocument('big.md', enc(`# 大\n\n${'很长的内容。'.repeat(300)}\n`), { maxBytes: 100_000 })
      .catch((e: unknown) => e);
    expect((err as UserFacingError).code).toBe('corpus.tooLarge');
    expect(await stat(path.join(library.corpusDir, 'big.md')).catch(() => null)).toBeNull();
    await writeFile(path.join(library.corpusDir, 'big.md'), `# 大\n\n${'很长的内容。'.repeat(300)}\n`);
    const report = await library.reindex();
    expect(report).toMatchObject({ ok: false, errorCode: 'corpus.tooLarge' });
    expect(library.index.documents.has('big.md')).toBe(false);
  });

  it('removes temp files a crash left at start (older than a minute), and leaves fresh ones', async () => {
    const library = await openCopy();
    const dir = library.corpusDir;
    await writeFile(path.join(dir, '.tea.txt.0badc0de.tmp'), 'half a file');
    await writeFile(path.join(dir, 'space', '.x.md.12345678.tmp'), 'half');
    await writeFile(path.join(dir, '.fresh.md.abcdef01.tmp'), 'being written');
    const old = new Date(Date.now() - 10 * 60_000);
    await utimes(path.join(dir, '.tea.txt.0badc0de.tmp'), old, old);
    await utimes(path.join(dir, 'space', '.x.md.12345678.tmp'), old, old);
    const again = new Library({ corpusDir: dir, snapshot: false });
    await again.open();
    const left = [...(await readdir(dir)), ...(await readdir(path.join(dir, 'space')))].filter((f) =>
      f.endsWith('.tmp'),
    );
    expect(left).toEqual(['.fresh.md.abcdef01.tmp']);
  });
});

describe('unreadable folders and files', () => {
  // Tests run as root here, where chmod 000 does not stop reads: the EACCES is injected through the
  // loader's file-system seam instead.
  const denying = (deny: (p: string) => boolean) => ({
    readdir: async (dir: string): Promise<Dirent[]> => {
      if (deny(dir)) throw fail('EACCES');
      return readdir(dir, { withFileTypes: true });
    },
    readFile: async (file: string): Promise<Buffer> => {
      if (deny(file)) throw fail('EACCES');
      return readFile(file);
    },
  });

  it('an unreadable subfolder at start and at reindex is skipped and listed; the rest answers', async () => {
    const root = await tempDir();
    await cp(FIXTURE, root, { recursive: true });
    await writeFile(path.join(root, 'lost+found.md'), '# x\n\n不是文件夹。\n');
    const fs = denying((p) => p.endsWith(`${path.sep}space`) || p.endsWith('tea.txt'));
    const library = new Library({ corpusDir: root, snapshot: false, split, load: { fs } });
    const opened = await library.open();
    expect(opened.problems.map((p) => p.file)).toEqual(expect.arrayContaining(['space/', 'tea.txt']));
    expect(opened.problems.find((p) => p.file === 'space/')?.reason).toMatch(/permission denied/);
    expect(top(library, '大熊猫每天吃多少竹子?')).toBe('panda.md');
    const report = await library.reindex();
    expect(report.ok).toBe(true);
    expect(report.problems.map((p) => p.file)).toEqual(expect.arrayContaining(['space/', 'tea.txt']));
  });
});

describe('what a moderator reads', () => {
  it('a failed reindex is worded in one language, and file names with controls are escaped', async () => {
    const { reindexSummary } = await import('../../src/store/reindexSummary.ts');
    const report = failedReport({
      problems: [{ file: 'evil\u202Etxt.md\nsecond line', reason: 'is empty (no text after the front matter)' }],
      error: 'no valid documents are left in the corpus',
      errorCode: 'corpus.empty',
      errorWords: { key: 'corpus.emptied', params: {} },
    });
    const zh = reindexSummary(report, 'zh-CN');
    expect(zh[0]).toBe('❌ 重建索引失败:语料中已没有可用的文档。当前索引继续提供回答。');
    expect(zh.join('\n')).toContain('evil\\u202Etxt.md\\nsecond line');
    expect(zh.join('\n')).not.toContain('\u202E');
    expect(reindexSummary(report, 'en')[0]).toBe(
      '❌ Reindex failed: no valid documents are left in the corpus. The current index keeps answering.',
    );
  });
});
