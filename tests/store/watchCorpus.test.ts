import { cp, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { Library } from '../../src/store/library.ts';
import { watchCorpus } from '../../src/store/watchCorpus.ts';
import { until } from '../support/wait.ts';

const FIXTURE = fileURLToPath(new URL('../fixtures/library-corpus', import.meta.url));
const quiet = { info: () => {}, warn: () => {} };
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

const DEBOUNCE_MS = 100;
const quietPeriod = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 3 * DEBOUNCE_MS));

describe('CORPUS_WATCH', () => {
  it('a burst of file changes makes one reindex; hidden files (the saved index) make none', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'wenda-watch-'));
    await cp(FIXTURE, dir, { recursive: true });
    const library = new Library({ corpusDir: dir, logger: quiet });
    await library.open();
    const stop = watchCorpus(library, quiet, DEBOUNCE_MS);
    cleanups.push(stop, () => rm(dir, { recursive: true, force: true }));

    await writeFile(path.join(dir, '.scratch.json'), '{}');
    // A reindex has no event when it does not happen: wait out the debounce, three times over.
    await quietPeriod();
    expect(library.reindexCount).toBe(0);

    for (let i = 0; i < 3; i++) await writeFile(path.join(dir, `note-${i}.md`), `# 笔记${i}\n\n第${i}篇笔记的内容。\n`);
    await until(() => library.index.documents.has('note-2.md'), 'the three notes to be indexed');
    await quietPeriod();
    expect(library.reindexCount).toBe(1);
  });

  it('a symlink back into the corpus does not make it reindex forever (nor do the bot’s own writes)', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'wenda-watch-'));
    await cp(FIXTURE, dir, { recursive: true });
    await symlink('..', path.join(dir, 'space', 'up'));
    const library = new Library({ corpusDir: dir, logger: quiet });
    await library.open();
    const stop = watchCorpus(library, quiet, DEBOUNCE_MS);
    cleanups.push(stop, () => rm(dir, { recursive: true, force: true }));

    await writeFile(path.join(dir, 'note.md'), '# 笔记\n\n一篇笔记的内容。\n');
    await until(() => library.index.documents.has('note.md'), 'note.md to be indexed');
    // That reindex saved the snapshot, which the link shows as a change of "space/up": without the
    // symlink check every save started another reindex.
    await until(() => !library.reindexing, 'the reindex to end');
    await quietPeriod();
    expect(library.reindexing).toBe(false);
    expect(library.reindexCount).toBe(1);

    await (
      await library.writer.writeFile('own.md', new TextEncoder().encode('# 自己\n\n机器人自己写的文件。\n'))
    ).rebuilt;
    await quietPeriod();
    expect(library.reindexCount).toBe(2);
  });

  it('a change made while the corpus is still opening is reindexed once it is open', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'wenda-watch-'));
    await cp(FIXTURE, dir, { recursive: true });
    const library = new Library({ corpusDir: dir, logger: quiet });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    // As src/index.ts does: the watcher starts with the opening, the opening is held here until the change is seen.
    const opened = gate.then(() => library.open());
    const stop = watchCorpus(library, quiet, DEBOUNCE_MS, opened);
    cleanups.push(stop, () => rm(dir, { recursive: true, force: true }));
    await writeFile(path.join(dir, 'late.md'), '# 迟到\n\n打开语料时才写进来的笔记。\n');
    // Seen, but no reindex races the opening: it waits for it.
    await quietPeriod();
    expect(library.reindexCount).toBe(0);
    expect(library.isOpen).toBe(false);
    release();
    await opened;
    await until(() => library.reindexCount === 1, 'the reindex after the opening');
    expect(library.index.documents.has('late.md')).toBe(true);
  });
});
