import { Library } from '../store/library.ts';
import type { Logger } from '../logger.ts';

/**
 * Opens the corpus for a CLI command: the saved index when it matches, else a fresh build. One-shot
 * commands only read the snapshot (`save: false`): they must not write into any directory they are pointed at.
 */
export async function openLibrary(
  corpusDir: string,
  logger: Logger,
  options: { save?: boolean; maxDocumentBytes?: number } = {},
): Promise<Library> {
  const { maxDocumentBytes } = options;
  const library = new Library({
    corpusDir,
    logger,
    snapshot: options.save ? true : 'read',
    ...(maxDocumentBytes === undefined ? {} : { load: { maxFileBytes: maxDocumentBytes } }),
  });
  await library.open();
  return library;
}
