import { readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { KEY_FILE, loadOrCreateKey } from '../../src/observe/userHash.ts';
import { tempDirs } from '../support/tempDirs.ts';

const dataDir = tempDirs('wenda-key-');

describe('the query-log key', () => {
  it('is created once and kept: a second start reads the same key', async () => {
    const dir = await dataDir();
    const first = loadOrCreateKey(dir);
    expect(first).toHaveLength(32);
    expect(loadOrCreateKey(dir).equals(first)).toBe(true);
    expect(await readdir(dir)).toEqual([KEY_FILE]);
  });

  it('an empty key file (a full disk at first start) is replaced, not a reason to keep the log off', async () => {
    const dir = await dataDir();
    await writeFile(path.join(dir, KEY_FILE), '');
    const key = loadOrCreateKey(dir);
    expect(key).toHaveLength(32);
    expect((await readFile(path.join(dir, KEY_FILE), 'utf8')).trim()).toBe(key.toString('hex'));
    expect(await readdir(dir)).toEqual([KEY_FILE]);
  });

  it('a damaged (non-empty) key is still refused: rows hashed with it must not be mixed with a new one', async () => {
    const dir = await dataDir();
    await writeFile(path.join(dir, KEY_FILE), 'not hex\n');
    expect(() => loadOrCreateKey(dir)).toThrow(/not a 64-digit hex key/);
  });
});
