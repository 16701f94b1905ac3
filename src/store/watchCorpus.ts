import { lstatSync, watch, type FSWatcher } from 'node:fs';
import path from 'node:path';
import type { CoreLogger, Library } from './library.ts';

/**
 * Whether a corpus-relative path goes through a symbolic link. The loader never follows links, so a
 * change seen through one is not a change to the corpus, and a link back into the corpus (`sub/up ->
 * ..`) makes Node's recursive watcher report every change of the folder it points at under the link's
 * name, including the snapshot each reindex writes: following it would reindex forever.
 */
export function throughSymlink(corpusDir: string, rel: string): boolean {
  const parts = rel.split(/[\\/]/).filter(Boolean);
  for (let i = 1; i <= parts.length; i++) {
    try {
      if (lstatSync(path.join(corpusDir, ...parts.slice(0, i))).isSymbolicLink()) return true;
    } catch {
      return false; // removed: a real change, if its folders were real
    }
  }
  return false;
}

/**
 * CORPUS_WATCH: reindexes a moment after documents change on disk. Ignored: hidden entries (the saved
 * index, temp files, .removed/), paths through symbolic links, and files the bot itself has just
 * written (its writer reindexes for those). A burst of changes makes one reindex. Started while the
 * library is still opening (`opened`), it sees the changes made meanwhile, and reindexes for them once
 * the library is open.
 */
export function watchCorpus(
  library: Library,
  logger: CoreLogger,
  debounceMs = 1_000,
  opened: Promise<unknown> = Promise.resolve(),
): () => void {
  let timer: NodeJS.Timeout | null = null;
  let watcher: FSWatcher;
  try {
    watcher = watch(library.corpusDir, { recursive: true }, (_event, file) => {
      const name = typeof file === 'string' ? file : '';
      if (name.split(/[\\/]/).some((part) => part.startsWith('.'))) return;
      if (library.writer.isOwnWrite(name) || throughSymlink(library.corpusDir, name)) return;
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        timer = null;
        void opened.then(() => {
          logger.info({ file: name }, 'corpus changed on disk: reindexing');
          return library.reindex();
        });
      }, debounceMs);
    });
  } catch (err) {
    logger.warn({ error: String(err) }, 'cannot watch the corpus directory: CORPUS_WATCH is off');
    return () => {};
  }
  watcher.on('error', (err) => logger.warn({ error: String(err) }, 'corpus watcher failed'));
  return () => {
    if (timer) clearTimeout(timer);
    watcher.close();
  };
}
