import { randomBytes } from 'node:crypto';
import { open, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import path from 'node:path';
import MiniSearch from 'minisearch';
import {
  assembleIndex,
  documentSearchOptions,
  miniSearchOptions,
  type DocumentInfo,
  type IndexedDocument,
  type IndexedPassage,
  type SearchIndex,
} from '../engine/searchIndex.ts';
import { TOKENIZER_VERSION } from '../engine/tokenize.ts';
import type { Passage } from '../engine/types.ts';
import { nextTurn, SLICE_MS } from './slices.ts';
import type { MiniSearchInternals } from './termTree.ts';

/**
 * A saved index: MiniSearch's JSON plus the passages and documents, stamped with the corpus content
 * hash and the tokenizer version. MiniSearch does not store its tokenizer, so a snapshot made by
 * another tokenizer version would answer wrongly: it is rebuilt instead.
 */
export const SNAPSHOT_FORMAT = 4;
export const SNAPSHOT_FILE = '.wenda-index.json';

interface SnapshotFile {
  format: number;
  tokenizerVersion: number;
  corpusHash: string;
  builtAt: string;
  documents: DocumentInfo[];
  passages: Passage[];
  labels: string[];
  minisearch: unknown;
  documentSearch: unknown;
}

export function snapshotPath(corpusDir: string): string {
  return path.join(corpusDir, SNAPSHOT_FILE);
}

/** Writes a file atomically: a temp file in the same directory, then a rename over the target. */
export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(tmp, data);
    await rename(tmp, file);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

/**
 * MiniSearch's JSON (what `toJSON` then `JSON.stringify` make, byte for byte the same shape) as small
 * pieces: one piece per index term, so writing a large index never holds the event loop.
 */
function* miniSearchJson(search: MiniSearch<never> | MiniSearch<IndexedPassage> | MiniSearch<IndexedDocument>) {
  const m = search as unknown as MiniSearchInternals;
  yield `{"documentCount":${m._documentCount},"nextId":${m._nextId}`;
  yield `,"documentIds":${JSON.stringify(Object.fromEntries(m._documentIds))}`;
  yield `,"fieldIds":${JSON.stringify(m._fieldIds)}`;
  yield `,"fieldLength":${JSON.stringify(Object.fromEntries(m._fieldLength))}`;
  yield `,"averageFieldLength":${JSON.stringify(m._avgFieldLength)}`;
  yield `,"storedFields":${JSON.stringify(Object.fromEntries(m._storedFields))}`;
  yield `,"dirtCount":${m._dirtCount},"index":[`;
  let first = true;
  for (const [term, fieldIndex] of m._index) {
    const data: Record<number, Record<number, number>> = {};
    for (const [fieldId, freqs] of fieldIndex) data[fieldId] = Object.fromEntries(freqs);
    yield `${first ? '' : ','}${JSON.stringify([term, data])}`;
    first = false;
  }
  yield '],"serializationVersion":2}';
}

function* arrayJson(items: readonly unknown[]): Generator<string> {
  yield '[';
  for (let i = 0; i < items.length; i++) yield `${i ? ',' : ''}${JSON.stringify(items[i])}`;
  yield ']';
}

/** The snapshot file's JSON as pieces (see `SnapshotFile`). */
export function* snapshotJson(index: SearchIndex): Generator<string> {
  yield `{"format":${SNAPSHOT_FORMAT},"tokenizerVersion":${index.tokenizerVersion}`;
  yield `,"corpusHash":${JSON.stringify(index.corpusHash)},"builtAt":${JSON.stringify(index.builtAt.toISOString())}`;
  yield ',"documents":';
  yield* arrayJson(index.documentList);
  yield ',"passages":';
  yield* arrayJson(index.passages);
  yield ',"labels":';
  yield* arrayJson(index.labels);
  yield ',"minisearch":';
  yield* miniSearchJson(index.search);
  yield ',"documentSearch":';
  yield* miniSearchJson(index.documentSearch);
  yield '}';
}

/**
 * Saves the index atomically (temp file, then rename), serialising it a few milliseconds per event-loop
 * turn: the bot keeps answering while a large snapshot is written. Returns the bytes written.
 */
export async function saveSnapshot(index: SearchIndex, file: string): Promise<number> {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(4).toString('hex')}.tmp`);
  const pieces = snapshotJson(index);
  let bytes = 0;
  const handle = await open(tmp, 'w');
  try {
    for (let done = false; !done;) {
      await nextTurn();
      const until = performance.now() + SLICE_MS;
      const batch: string[] = [];
      do {
        const piece = pieces.next();
        if (piece.done) done = true;
        else batch.push(piece.value);
      } while (!done && performance.now() < until);
      const chunk = Buffer.from(batch.join(''));
      bytes += chunk.length;
      await handle.write(chunk);
    }
    await handle.close();
    await rename(tmp, file);
  } catch (err) {
    await handle.close().catch(() => {});
    await rm(tmp, { force: true });
    throw err;
  }
  return bytes;
}

/** Why a snapshot was not used. */
export type SnapshotMiss = 'missing' | 'corrupt' | 'stale' | 'tokenizer';

/**
 * Loads a snapshot when it matches the corpus hash (any hash when null: the CLI's "before" of a
 * reindex) and this tokenizer; otherwise says why not (the caller rebuilds). Never throws for a bad file.
 */
export async function loadSnapshot(
  file: string,
  corpusHash: string | null,
): Promise<{ index: SearchIndex } | { miss: SnapshotMiss; detail?: string }> {
  let raw: string;
  try {
    raw = await readFile(file, 'utf8');
  } catch {
    return { miss: 'missing' };
  }
  try {
    const snap = JSON.parse(raw) as Partial<SnapshotFile>;
    if (snap.format !== SNAPSHOT_FORMAT || snap.tokenizerVersion !== TOKENIZER_VERSION) return { miss: 'tokenizer' };
    if (corpusHash !== null && snap.corpusHash !== corpusHash) return { miss: 'stale' };
    if (
      !Array.isArray(snap.passages) ||
      !Array.isArray(snap.documents) ||
      !Array.isArray(snap.labels) ||
      snap.labels.length !== snap.passages.length ||
      typeof snap.minisearch !== 'object' ||
      typeof snap.documentSearch !== 'object' ||
      !snap.builtAt
    ) {
      return { miss: 'corrupt', detail: 'fields missing' };
    }
    const search = MiniSearch.loadJS<IndexedPassage>(
      snap.minisearch as Parameters<typeof MiniSearch.loadJS>[0],
      miniSearchOptions(),
    );
    const documentSearch = MiniSearch.loadJS<IndexedDocument>(
      snap.documentSearch as Parameters<typeof MiniSearch.loadJS>[0],
      documentSearchOptions(),
    );
    if (search.documentCount !== snap.passages.length || documentSearch.documentCount !== snap.documents.length) {
      return { miss: 'corrupt', detail: 'passage or document count does not match the index' };
    }
    return {
      index: assembleIndex({
        search,
        documentSearch,
        passages: snap.passages,
        documents: snap.documents,
        labels: snap.labels,
        corpusHash: snap.corpusHash ?? '',
        builtAt: new Date(snap.builtAt),
      }),
    };
  } catch (err) {
    return { miss: 'corrupt', detail: err instanceof Error ? err.message.slice(0, 120) : String(err) };
  }
}
