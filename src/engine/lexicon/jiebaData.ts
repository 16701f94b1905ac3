import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * jieba's own data files (`@node-rs/jieba`, MIT), read when they are needed and then let go: importing the
 * package's dict.js instead reads both at import and keeps them (11 MB) for the life of the process, since
 * its module exports hold them. One of the two engine files that read a file (with cedict.ts).
 */
export function readJiebaFile(name: 'dict.txt' | 'idf.txt'): Buffer {
  const require = createRequire(import.meta.url);
  return readFileSync(join(dirname(require.resolve('@node-rs/jieba/package.json')), name));
}
