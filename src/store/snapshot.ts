import { randomBytes } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
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

/**
 * A saved index: MiniSearch's JSON plus the passages and documents, stamped with the corpus content
 * hash and the tokenizer version. MiniSearch does not store its tokenizer, so a snapshot made by
 * another tokenizer version would answer wrongly: it is rebuilt instead.
 */
export const SNAPSHOT_FORMAT = 3;
export const SNAPSHOT_FILE = '.wenda-index.json';

interface SnapshotFile {
  format: number;
  tokenizerVersion: number;
  corpusHash: string;
  builtAt: string;
  documents: DocumentInfo[];
  passages: Passage[];
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

export async function saveSnapshot(index: SearchIndex, file: string): Promise<number> {
  const snapshot: SnapshotFile = {
    format: SNAPSHOT_FORMAT,
    tokenizerVersion: index.tokenizerVersion,
    corpusHash: index.corpusHash,
    builtAt: index.builtAt.toISOString(),
    documents: [...index.documents.values()],
    passages: [...index.passages],
    minisearch: index.search.toJSON(),
    documentSearch: index.documentSearch.toJSON(),
  };
  const data = JSON.stringify(snapshot);
  await writeFileAtomic(file, data);
  return Buffer.byteLength(data);
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
        corpusHash: snap.corpusHash ?? '',
        builtAt: new Date(snap.builtAt),
      }),
    };
  } catch (err) {
    return { miss: 'corrupt', detail: err instanceof Error ? err.message.slice(0, 120) : String(err) };
  }
}
