import { watch, type FSWatcher } from 'node:fs';
import type { CoreLogger, Library } from './library.ts';

/**
 * CORPUS_WATCH: reindexes a moment after documents change on disk. Changes to hidden entries (the
 * saved index, temp files, .removed/) are ignored, and a burst of changes makes one reindex.
 */
export function watchCorpus(library: Library, logger: CoreLogger, debounceMs = 1_000): () => void {
  let timer: NodeJS.Timeout | null = null;
  let watcher: FSWatcher;
  try {
    watcher = watch(library.corpusDir, { recursive: true }, (_event, file) => {
      const name = typeof file === 'string' ? file : '';
      if (name.split(/[\\/]/).some((part) => part.startsWith('.'))) return;
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        timer = null;
        logger.info({ file: name }, 'corpus changed on disk: reindexing');
        void library.reindex();
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
