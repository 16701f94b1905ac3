import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UnusablePack } from '../../src/engine/lexicon/cedictPack.ts';
import {
  UNKNOWN_WORD_IDF,
  generalIdf,
  idfIn,
  idfTableOf,
  packIdf,
  readIdfTable,
  unpackIdf,
  type IdfTable,
} from '../../src/engine/specificity.ts';

const reasonOf = (f: () => unknown): string => {
  try {
    f();
  } catch (err) {
    if (err instanceof UnusablePack) return err.reason;
    throw err;
  }
  return 'none';
};

/** A weight as the table keeps it (a float32). */
const f32 = (n: number): number => Math.fround(n);

describe('the general IDF table', () => {
  const small = (): IdfTable => idfTableOf('技术 4.7\n以前 5.3\n截图 11.5\n技术 9.9\n');

  it('finds each word’s weight, the first one of a word listed twice, and the unknown weight otherwise', () => {
    const t = unpackIdf(packIdf(small(), 'v1'), 'v1');
    expect(t).toEqual(small());
    expect(['技术', '以前', '截图', '技', '截图们', ''].map((w) => idfIn(t, w))).toEqual([
      f32(4.7),
      f32(5.3),
      f32(11.5),
      UNKNOWN_WORD_IDF,
      UNKNOWN_WORD_IDF,
      UNKNOWN_WORD_IDF,
    ]);
    // The process's own table, from jieba's idf.txt: common words weigh little, unknown names most.
    expect(generalIdf('以前')).toBeLessThan(6);
    expect(generalIdf('截图')).toBeGreaterThan(10);
    expect(generalIdf('贾扬清')).toBe(UNKNOWN_WORD_IDF);
  });

  it('refuses a file built from another idf.txt as stale, and damaged bytes as corrupt', () => {
    const bytes = packIdf(small(), 'idf.txt of v1');
    expect(reasonOf(() => unpackIdf(bytes, 'idf.txt of v2'))).toBe('stale');
    expect(reasonOf(() => unpackIdf(bytes.subarray(0, bytes.length - 2), 'idf.txt of v1'))).toBe('corrupt');
    expect(reasonOf(() => unpackIdf(Buffer.from('WDIDF001'), 'idf.txt of v1'))).toBe('corrupt');
  });

  describe('read at start-up', () => {
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(path.join(os.tmpdir(), 'wenda-idf-'));
    });
    afterAll(() => rm(dir, { recursive: true, force: true }));

    it('is built from idf.txt when the derived file is missing or damaged, never failing', async () => {
      const missing = readIdfTable(path.join(dir, 'none.bin'));
      expect(missing.source).toMatchObject({ from: 'text', reason: 'missing' });
      const damaged = path.join(dir, 'damaged.bin');
      await writeFile(damaged, Buffer.from('WDIDF001 and then nothing useful'));
      const read = readIdfTable(damaged);
      expect(read.source).toMatchObject({ from: 'text', file: damaged, reason: 'corrupt' });
      expect(read.table.values.length).toBe(missing.table.values.length);
      expect(read.table.values.length).toBeGreaterThan(200_000);
    });
  });
});
