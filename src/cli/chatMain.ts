import { parseArgs } from 'node:util';
import { runChat } from './chat.ts';
import { cliContext } from './cliContext.ts';
import { openLibrary } from './openLibrary.ts';
import { runMain } from './runMain.ts';

await runMain('usage: npm run chat [-- --corpus DIR]', async () => {
  const { values } = parseArgs({ options: { corpus: { type: 'string' } } });
  const { config, logger } = cliContext();
  const library = await openLibrary(values.corpus ?? config.corpusDir, logger, {
    maxDocumentBytes: config.maxDocumentBytes,
  });
  await runChat(library);
});
