import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cedictHeader, finish, readCedictSteps, toBytes } from '../../../src/engine/lexicon/cedict.ts';
import {
  CedictBuilder,
  UnusablePack,
  firstOfHead,
  headOf,
  packCedict,
  sensesOfHead,
  unpackCedict,
  type Cedict,
} from '../../../src/engine/lexicon/cedictPack.ts';
import { writeCedictPack } from '../../../src/store/lexiconPacks.ts';
import { reportLexiconSources } from '../../../src/store/libraryBuild.ts';

/** A few entries as the scan visits them: 行 twice (two readings), in the dictionary's order. */
function small(): Cedict {
  const b = new CedictBuilder();
  b.add(toBytes('银行'), ['bank']);
  b.add(toBytes('行'), ['to walk', 'to go']);
  b.add(toBytes('创始人'), ['founder']);
  b.add(toBytes('行'), ['row', 'line']);
  return b.finish();
}

const unusable = (f: () => unknown): UnusablePack => {
  try {
    f();
  } catch (err) {
    if (err instanceof UnusablePack) return err;
    throw err;
  }
  throw new Error('no UnusablePack thrown');
};

describe('packed CC-CEDICT entries', () => {
  it('finds every entry of a headword, in the dictionary order, and nothing for an unknown one', () => {
    const c = small();
    expect(sensesOfHead(c, toBytes('行'))).toEqual(['to walk', 'to go', 'row', 'line']);
    expect(sensesOfHead(c, toBytes('创始人'))).toEqual(['founder']);
    expect(sensesOfHead(c, toBytes('银'))).toEqual([]);
    // The first entry of each headword, for walks over distinct headwords in the dictionary's order.
    expect([...firstOfHead(c)]).toEqual([1, 1, 1, 0]);
  });

  it('reads back from its bytes exactly what was packed', () => {
    const c = small();
    const back = unpackCedict(packCedict(c, 'h1'), 'h1');
    expect(back).toEqual(c);
    expect([0, 1, 2, 3].map((e) => headOf(back, e))).toEqual(['银行', '行', '创始人', '行'].map(toBytes));
  });

  it('refuses a pack built from something else as stale, and damaged bytes as corrupt', () => {
    const bytes = packCedict(small(), 'built from v1');
    expect(unusable(() => unpackCedict(bytes, 'built from v2')).reason).toBe('stale');
    expect(unusable(() => unpackCedict(bytes.subarray(0, bytes.length - 3), 'built from v1')).reason).toBe('corrupt');
    expect(unusable(() => unpackCedict(Buffer.from('not a pack at all'), 'built from v1')).reason).toBe('corrupt');
    const scrambled = Buffer.from(bytes);
    // The first headword offset (just after the header and the four counts) no longer starts at 0.
    const headerEnd = (8 + 4 + scrambled.readUInt32LE(8) + 3) & ~3;
    scrambled.writeUInt32LE(7, headerEnd + 16);
    expect(unusable(() => unpackCedict(scrambled, 'built from v1')).reason).toBe('corrupt');
  });
});

describe('reading CC-CEDICT at start-up', () => {
  let dir: string;
  let scanned: Cedict;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'wenda-cedict-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('scans the source when the pack is missing, and says so', () => {
    const read = finish(readCedictSteps(path.join(dir, 'none.bin')));
    expect(read.source).toMatchObject({ from: 'scan', reason: 'missing' });
    expect(read.cedict.count).toBeGreaterThan(100_000);
    expect(sensesOfHead(read.cedict, toBytes('创始人'))).toContain('founder');
    scanned = read.cedict;
  });

  it('reads the pack that npm run build writes, with the same entries as the scan', async () => {
    const file = path.join(dir, 'cache', 'cedict.bin');
    expect(await writeCedictPack(file)).toBeGreaterThan(1_000_000);
    const read = finish(readCedictSteps(file));
    expect(read.source).toEqual({ from: 'pack', file });
    // Compared as packed bytes: toEqual over 300,000 offsets takes seconds.
    expect(packCedict(read.cedict, '').equals(packCedict(scanned, ''))).toBe(true);
  });

  it('scans the source when the pack is stale or damaged, never failing', async () => {
    const good = await readFile(path.join(dir, 'cache', 'cedict.bin'));
    const stale = path.join(dir, 'stale.bin');
    await writeFile(stale, packCedict(scanned, cedictHeader().replace('"format":', '"format":0')));
    const corrupt = path.join(dir, 'corrupt.bin');
    await writeFile(corrupt, good.subarray(0, good.length >> 1));
    for (const [file, reason] of [
      [stale, 'stale'],
      [corrupt, 'corrupt'],
    ] as const) {
      const read = finish(readCedictSteps(file));
      expect(read.source).toMatchObject({ from: 'scan', file, reason });
      expect(read.cedict.count).toBe(scanned.count);
    }
  });

  it('a bot that computed a table from its package logs one warning naming the file and why', () => {
    const warnings: Array<[object, string]> = [];
    const log = { info: () => {}, warn: (obj: object, msg: string) => warnings.push([obj, msg]) };
    const scanned = { from: 'scan', file: '/x/cedict.bin', reason: 'stale', detail: 'built from v1' } as const;
    reportLexiconSources([scanned, { from: 'pack', file: '/x/idf.bin' }, null], log);
    reportLexiconSources([scanned], log); // the next swap's warm-up: said already
    expect(warnings).toHaveLength(1);
    expect(warnings[0]![0]).toMatchObject({ file: '/x/cedict.bin', reason: 'stale' });
    expect(warnings[0]![1]).toMatch(/npm run build/);
  });
});
