import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { Library } from '../../src/store/library.ts';
import {
  joinReindexRelay,
  relayReindex,
  type ShardChannel,
  type ShardMessage,
} from '../../src/discord/shardMessages.ts';
import { until } from '../support/wait.ts';

const FIXTURE = fileURLToPath(new URL('../fixtures/library-corpus', import.meta.url));
const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

/** Three shards on one corpus directory, joined through an in-memory manager that relays as src/shard.ts does. */
async function shards(n: number): Promise<{ libraries: Library[]; dir: string }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'wenda-shards-'));
  dirs.push(dir);
  await cp(FIXTURE, dir, { recursive: true });
  const libraries = Array.from({ length: n }, () => new Library({ corpusDir: dir, snapshot: false }));
  for (const l of libraries) await l.open();
  const inboxes: Array<(m: unknown) => void> = [];
  const managerSide = libraries.map((_, id) => ({
    id,
    send: (m: ShardMessage) => setImmediate(() => inboxes[id]!(m)),
  }));
  libraries.forEach((library, id) => {
    const channel: ShardChannel = {
      send: (m) => setImmediate(() => relayReindex(m, managerSide)),
      onMessage: (listener) => {
        inboxes[id] = listener;
      },
    };
    joinReindexRelay(library, id, channel);
  });
  return { libraries, dir };
}

describe('a reindex on one shard reaches every shard', () => {
  it('the others rebuild once each, and nobody echoes it back', async () => {
    const { libraries, dir } = await shards(3);
    await writeFile(path.join(dir, 'new.md'), '# 新文档\n\n所有分片都应该看到这份新文档的内容。\n');
    const report = await libraries[0]!.reindex();
    expect(report.added).toEqual(['new.md']);
    await until(() => libraries.every((l) => l.index.documents.has('new.md')), 'every shard to have new.md');
    // An echo would arrive within a few turns of the event loop; give it a moment (an absence has no event).
    await new Promise((r) => setTimeout(r, 100));
    expect(libraries.map((l) => l.reindexCount)).toEqual([1, 1, 1]);
  });

  it('the manager ignores anything that is not a reindex announcement', () => {
    const sent: unknown[] = [];
    const all = [0, 1].map((id) => ({ id, send: (m: ShardMessage) => sent.push([id, m]) }));
    expect(relayReindex({ type: 'hello' }, all)).toBe(0);
    expect(relayReindex(null, all)).toBe(0);
    expect(relayReindex({ type: 'reindexed', shard: 1 }, all)).toBe(1);
    expect(sent).toEqual([[0, { type: 'reindex', from: 1 }]]);
  });
});
