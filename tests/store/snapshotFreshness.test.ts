import { cp, readFile, readdir, rm, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { answerQuestion } from '../../src/engine/answer.ts';
import { realCorpusFs, type CorpusFs, type LoadOptions } from '../../src/store/corpus.ts';
import { Library, type CoreLogger } from '../../src/store/library.ts';
import { RACY_MS } from '../../src/store/manifest.ts';
import { tempDirs } from '../support/tempDirs.ts';

// A snapshot is used without reading the documents when every file has the size and times it recorded
// (src/store/manifest.ts). These tests count the documents read through the loader's file-system seam.

const FIXTURE = fileURLToPath(new URL('../fixtures/library-corpus', import.meta.url));
const SPLIT = { minChars: 24, maxChars: 320 };
const PANDA_Q = '大熊猫每天吃多少竹子?';
const tempDir = tempDirs('wenda-freshness-');

/** A copy of the fixture corpus whose files were last modified an hour ago. */
async function agedCopy(): Promise<string> {
  const dir = path.join(await tempDir(), 'corpus');
  await cp(FIXTURE, dir, { recursive: true });
  const hourAgo = new Date(Date.now() - 3_600_000);
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) await utimes(path.join(entry.parentPath, entry.name), hourAgo, hourAgo);
  }
  return dir;
}

/** The real file system, remembering which files were read. */
function countingFs(): { fs: CorpusFs; reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    fs: {
      readdir: (dir) => realCorpusFs.readdir(dir),
      readFile: (file) => (reads.push(file), realCorpusFs.readFile(file)),
    },
  };
}

/** A logger whose `saved` settles when the library logs that it saved its index. */
function savingLogger(): { logger: CoreLogger; saved: Promise<void> } {
  let done: () => void = () => {};
  const saved = new Promise<void>((resolve) => (done = resolve));
  return { saved, logger: { info: (_obj, msg) => msg === 'index saved' && done(), warn: () => {} } };
}

/** Opens the corpus as the bot does, trusting file times however recent (`racyMs: 0`) unless told otherwise. */
async function open(dir: string, load: Partial<LoadOptions> = {}, logger?: CoreLogger) {
  const { fs, reads } = countingFs();
  const library = new Library({
    split: SPLIT,
    corpusDir: dir,
    load: { racyMs: 0, ...load, fs },
    ...(logger ? { logger } : {}),
  });
  const report = await library.open();
  return { library, report, reads };
}

const firstId = (library: Library, question: string): string | undefined =>
  answerQuestion(library.index, question).passages[0]?.id;

describe('a snapshot is fresh when the corpus files have the sizes and times it recorded', () => {
  it('an unchanged corpus opens from its snapshot without reading a document, and answers as before', async () => {
    const dir = await agedCopy();
    const first = await open(dir);
    expect(first.report).toMatchObject({ source: 'built', documents: 3 });
    expect(first.reads).toHaveLength(3);

    const again = await open(dir);
    expect(again.report).toMatchObject({ source: 'snapshot', snapshotMiss: null, documents: 3, passages: 7 });
    expect(again.reads).toEqual([]);
    expect(firstId(again.library, PANDA_Q)).toBe('panda.md#p1');
    const ranked = (library: Library): unknown =>
      answerQuestion(library.index, PANDA_Q).passages.map((p) => [p.id, p.score]);
    expect(ranked(again.library)).toEqual(ranked(first.library));
  });

  it('an edit that keeps the size, even with its modification time put back, is read and answered', async () => {
    const dir = await agedCopy();
    await open(dir);
    const file = path.join(dir, 'tea.txt');
    const before = await stat(file);
    const text = await readFile(file, 'utf8');
    const edited = text.replace('浙江杭州西湖', '福建武夷山区');
    expect(Buffer.byteLength(edited)).toBe(before.size);
    await writeFile(file, edited);
    await utimes(file, before.atime, before.mtime);

    const { library, report, reads } = await open(dir);
    expect(report).toMatchObject({ source: 'built', snapshotMiss: 'stale' });
    expect(reads).toHaveLength(3);
    expect(firstId(library, '龙井茶产于福建哪里?')).toBe('tea.txt#p1');
    expect(answerQuestion(library.index, '龙井茶产于福建哪里?').passages[0]?.text).toContain('福建武夷山区');
  });

  it('a file added or removed is noticed', async () => {
    const dir = await agedCopy();
    await open(dir);
    await writeFile(path.join(dir, 'palace.md'), '# 故宫\n\n故宫是明清两代的皇家宫殿,位于北京中轴线的中心。\n');
    const added = await open(dir);
    expect(added.report).toMatchObject({ source: 'built', snapshotMiss: 'stale', documents: 4 });
    expect(firstId(added.library, '故宫位于哪里?')).toBe('palace.md#p1');

    await rm(path.join(dir, 'tea.txt'));
    const removed = await open(dir);
    expect(removed.report).toMatchObject({ source: 'built', snapshotMiss: 'stale', documents: 3 });
    expect(answerQuestion(removed.library.index, '龙井茶产于哪里?').answered).toBe(false);
  });

  it('files written just before a snapshot are read at the next start, which saves it again for the one after', async () => {
    const dir = path.join(await tempDir(), 'corpus');
    await cp(FIXTURE, dir, { recursive: true });
    // Just written: their times are too recent to tell a later same-size edit apart, so they are not trusted.
    await open(dir, { racyMs: RACY_MS });

    const { logger, saved } = savingLogger();
    const second = await open(dir, {}, logger);
    expect(second.report).toMatchObject({ source: 'snapshot', snapshotMiss: null });
    expect(second.reads).toHaveLength(3);
    await saved;

    const third = await open(dir);
    expect(third.report).toMatchObject({ source: 'snapshot' });
    expect(third.reads).toEqual([]);
  });

  it('the files skipped are reported from the snapshot as a full read reports them', async () => {
    const dir = await agedCopy();
    await writeFile(path.join(dir, 'notes.pdf'), '%PDF-1.4');
    await writeFile(path.join(dir, 'gbk.txt'), Buffer.from([0xc4, 0xe3, 0xba, 0xc3]));
    const hourAgo = new Date(Date.now() - 3_600_000);
    for (const f of ['notes.pdf', 'gbk.txt']) await utimes(path.join(dir, f), hourAgo, hourAgo);
    const first = await open(dir);
    expect(first.report.problems.map((p) => p.file).sort()).toEqual(['gbk.txt', 'notes.pdf']);

    const again = await open(dir);
    expect(again.reads).toEqual([]);
    expect(again.report.problems).toEqual(first.report.problems);
  });

  it('another file size limit means the documents are read again when a file lies between the two limits', async () => {
    const dir = await agedCopy();
    await open(dir);
    expect((await open(dir, { maxFileBytes: 1_024 })).reads).toEqual([]);

    // panda.md is 464 bytes, the other two under 300.
    const { report, reads } = await open(dir, { maxFileBytes: 300 });
    expect(reads).toHaveLength(2);
    expect(report.problems.map((p) => p.file)).toEqual(['panda.md']);
    expect(report).toMatchObject({ source: 'built', documents: 2 });
  });
});
