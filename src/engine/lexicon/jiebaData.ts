import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { packedFileIn } from './packFrame.ts';

/**
 * jieba's own data files (`@node-rs/jieba`, MIT), read when they are needed and then let go: importing the
 * package's dict.js instead reads both at import and keeps them (11 MB) for the life of the process, since
 * its module exports hold them. Also where `npm run build` puts the IDF table it derives from idf.txt
 * (specificity.ts), beside the CC-CEDICT pack. One of the two engine files that read a file (with cedict.ts).
 */

function packageDir(): string {
  return dirname(createRequire(import.meta.url).resolve('@node-rs/jieba/package.json'));
}

export function readJiebaFile(name: 'dict.txt' | 'idf.txt'): Buffer {
  return readFileSync(join(packageDir(), name));
}

/** What a derived IDF table must say it was built from: the installed idf.txt (package version, size). */
export function jiebaIdfSource(): string {
  const dir = packageDir();
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version?: string };
  return `@node-rs/jieba@${manifest.version ?? '?'} idf.txt ${statSync(join(dir, 'idf.txt')).size} bytes`;
}

/** Where `npm run build` writes the derived IDF table: node_modules/.cache/wenda-bot/. */
export function packedIdfFile(): string {
  return packedFileIn(join(packageDir(), '..', '..'), 'idf.bin');
}

/** The bytes of the derived IDF table (the engine reads files only here and in cedict.ts). */
export function readPackedIdf(file: string): Buffer {
  return readFileSync(file);
}
