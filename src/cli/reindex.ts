import { parseArgs } from 'node:util';
import { Library } from '../store/library.ts';
import { reindexSummary } from '../store/reindexSummary.ts';
import { cliContext } from './cliContext.ts';
import { runMain } from './runMain.ts';

const USAGE = 'usage: npm run reindex [-- --corpus DIR]';

/** A progress bar on a terminal; nothing in a pipe or a log file (the summary says it all). */
function progressBar(stream: NodeJS.WriteStream): ((done: number, total: number) => void) | undefined {
  if (!stream.isTTY) return undefined;
  let last = -1;
  return (done, total) => {
    const pct = Math.floor((done / total) * 100);
    if (pct === last || total < 2_000) return;
    last = pct;
    const width = 30;
    const filled = Math.round((pct / 100) * width);
    stream.write(
      `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${pct}% ${done}/${total} passages${done === total ? '\n' : ''}`,
    );
  };
}

await runMain(USAGE, async () => {
  const { values } = parseArgs({ options: { corpus: { type: 'string' } } });
  const { config, logger } = cliContext();
  const onProgress = progressBar(process.stderr);
  const library = new Library({
    corpusDir: values.corpus ?? config.corpusDir,
    load: { maxFileBytes: config.maxDocumentBytes },
    logger,
    ...(onProgress ? { onProgress } : {}),
  });
  await library.adoptSavedIndex();
  const report = await library.reindex();
  for (const line of reindexSummary(report)) console.log(line);
  return report.ok ? 0 : 1;
});
