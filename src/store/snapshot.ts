import { createHash, randomBytes } from 'node:crypto';
import { open, readFile, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import MiniSearch from 'minisearch';
import {
  assembleIndex,
  documentSearchOptions,
  miniSearchOptions,
  type DocumentInfo,
  type IndexedDocument,
  type IndexedPassage,
  type ScriptProfile,
  type SearchIndex,
} from '../engine/searchIndex.ts';
import { internalsOf } from '../engine/miniSearchInternals.ts';
import { TOKENIZER_VERSION } from '../engine/tokenize.ts';
import type { Passage } from '../engine/types.ts';
import type { CorpusProblem } from './corpus.ts';
import type { CorpusManifest } from './manifest.ts';
import { nextTurn, SLICE_MS } from './slices.ts';
import { growYoungGenerationWhileBuilding } from './youngGeneration.ts';
import { flattenTree } from './termTree.ts';
import { unflattenTree } from './lazyTree.ts';

/**
 * A saved index, stamped with the corpus content hash, the manifest of the corpus files it was built from
 * (manifest.ts) and the tokenizer version. MiniSearch does not store its tokenizer, so a snapshot made by
 * another tokenizer version would answer wrongly: it is rebuilt instead.
 *
 * The file: `MAGIC`, then sections (the passages and documents as JSON; per MiniSearch its state as JSON,
 * its term tree's labels as JSON and the tree itself as 32-bit numbers, see `FlatTree`), then the trailer
 * (JSON: what is above, where each section is, a SHA-256 of everything before the trailer), then the
 * trailer's length in 4 bytes. The term tree is restored as it was built, map by map, without MiniSearch
 * inserting every term again (what made a JSON snapshot of fortunes-zh take ~2 s to load), and lazily: a
 * node's map is made when first used, the rest in the background warm-up (lazyTree.ts).
 */
export const SNAPSHOT_FORMAT = 5;
export const SNAPSHOT_FILE = '.wenda-index.bin';
/** Where formats up to 4 were saved (JSON): removed once a snapshot of this format is saved instead. */
export const LEGACY_SNAPSHOT_FILE = '.wenda-index.json';

const MAGIC = Buffer.from('wenda-index\n');

/** The corpus as it was read for the index: its files' stamps and the files it skipped. */
export interface SnapshotCorpus {
  manifest: CorpusManifest;
  problems: CorpusProblem[];
}

interface Trailer {
  format: number;
  tokenizerVersion: number;
  corpusHash: string;
  builtAt: string;
  /** The byte order the term trees' numbers were written in. */
  endianness: 'LE' | 'BE';
  sha256: string;
  /** Section name → [offset, length] in bytes. */
  sections: Record<string, [number, number]>;
  corpus: SnapshotCorpus | null;
}

interface Rows {
  documents: DocumentInfo[];
  passages: Passage[];
  labels: string[];
  script: ScriptProfile;
}

/** A MiniSearch's state beside its term tree, its maps as arrays of entries. */
interface StateJson {
  documentCount: number;
  nextId: number;
  documentIds: Array<[number, unknown]>;
  fieldIds: Record<string, number>;
  fieldLength: Array<[number, number[]]>;
  averageFieldLength: number[];
  storedFields: Array<[number, unknown]>;
  dirtCount: number;
}

const SEARCHES = ['search', 'documentSearch'] as const;

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

function stateJson(search: MiniSearch<IndexedPassage> | MiniSearch<IndexedDocument>): StateJson {
  const m = internalsOf(search);
  return {
    documentCount: m._documentCount,
    nextId: m._nextId,
    documentIds: [...m._documentIds] as Array<[number, unknown]>,
    fieldIds: m._fieldIds,
    fieldLength: [...m._fieldLength],
    averageFieldLength: m._avgFieldLength,
    storedFields: [...m._storedFields] as Array<[number, unknown]>,
    dirtCount: m._dirtCount,
  };
}

function* arrayJson(items: readonly unknown[]): Generator<string> {
  yield '[';
  for (let i = 0; i < items.length; i++) yield `${i ? ',' : ''}${JSON.stringify(items[i])}`;
  yield ']';
}

/**
 * The snapshot file as pieces of bytes, each small (one passage, one label, a few thousand numbers of a
 * term tree), so a large index is written a few milliseconds per event-loop turn.
 */
export function* snapshotBytes(index: SearchIndex, corpus: SnapshotCorpus | null): Generator<Uint8Array> {
  const sha = createHash('sha256');
  const sections: Record<string, [number, number]> = {};
  let offset = 0;
  function* emit(bytes: Uint8Array): Generator<Uint8Array> {
    sha.update(bytes);
    offset += bytes.length;
    yield bytes;
  }
  function* section(name: string, pieces: Iterable<string | Uint8Array>): Generator<Uint8Array> {
    // Every section starts at a multiple of 4 bytes, so a tree's numbers can be read in place.
    if (offset % 4) yield* emit(new Uint8Array(4 - (offset % 4)));
    const start = offset;
    for (const piece of pieces) yield* emit(typeof piece === 'string' ? Buffer.from(piece) : piece);
    sections[name] = [start, offset - start];
  }
  function* rows(): Generator<string> {
    yield '{"documents":';
    yield* arrayJson(index.documentList);
    yield ',"passages":';
    yield* arrayJson(index.passages);
    yield ',"labels":';
    yield* arrayJson(index.labels);
    yield `,"script":${JSON.stringify({ hanShare: index.hanShare(), hanCharacters: index.hanCharacters() })}}`;
  }
  yield* emit(MAGIC);
  yield* section('rows', rows());
  for (const which of SEARCHES) {
    yield* section(`${which}.state`, [JSON.stringify(stateJson(index[which]))]);
    const keys: string[] = [];
    const tree = internalsOf(index[which])._index._tree;
    yield* section(
      `${which}.nums`,
      (function* () {
        for (const nums of flattenTree(tree, keys)) yield new Uint8Array(nums.buffer, nums.byteOffset, nums.byteLength);
      })(),
    );
    yield* section(`${which}.keys`, arrayJson(keys));
  }
  const trailer: Trailer = {
    format: SNAPSHOT_FORMAT,
    tokenizerVersion: index.tokenizerVersion,
    corpusHash: index.corpusHash,
    builtAt: index.builtAt.toISOString(),
    endianness: os.endianness(),
    sha256: sha.digest('hex'),
    sections,
    corpus,
  };
  const json = Buffer.from(JSON.stringify(trailer));
  const length = Buffer.alloc(4);
  length.writeUInt32LE(json.length);
  yield json;
  yield length;
}

/**
 * Saves the index atomically (temp file, then rename), serialising it a few milliseconds per event-loop
 * turn: the bot keeps answering while a large snapshot is written. `corpus` is what the index was built
 * from (without it, the next start reads the documents to check the snapshot). Returns the bytes written.
 */
export async function saveSnapshot(index: SearchIndex, file: string, corpus: SnapshotCorpus | null): Promise<number> {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(4).toString('hex')}.tmp`);
  const pieces = snapshotBytes(index, corpus);
  let bytes = 0;
  const handle = await open(tmp, 'w');
  try {
    for (let done = false; !done;) {
      await nextTurn();
      const until = performance.now() + SLICE_MS;
      const batch: Uint8Array[] = [];
      do {
        const piece = pieces.next();
        if (piece.done) done = true;
        else batch.push(piece.value);
      } while (!done && performance.now() < until);
      const chunk = Buffer.concat(batch);
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

/** A snapshot file that was read and checked (format, tokenizer, checksum), not yet turned into an index. */
export interface SavedSnapshot {
  corpusHash: string;
  /** The corpus the index was built from (null in a snapshot saved without it). */
  corpus: SnapshotCorpus | null;
  /** Restores the index; a part that does not fit the rest makes it a miss, never a throw. */
  restore(): { index: SearchIndex } | { miss: 'corrupt'; detail: string };
}

/**
 * A snapshot this large (bytes) is restored with V8's young generation free to grow (youngGeneration.ts): nearly
 * every object made survives, and kept at 1 MB it was collected ~200 times before fortunes-zh's first answer
 * (19 MB: ~0.55 s of GC, 40 times and ~0.26 s when free). The article's (0.1 MB) leaves the bot's memory as it was.
 */
const LARGE_SNAPSHOT_BYTES = 4_000_000;

class Damaged extends Error {}

const detailOf = (err: unknown): string => (err instanceof Error ? err.message.slice(0, 120) : String(err));

/** Reads a snapshot file and checks it can be this build's (see `SavedSnapshot`); otherwise says why not. Never throws. */
export async function readSnapshot(file: string): Promise<SavedSnapshot | { miss: SnapshotMiss; detail?: string }> {
  let buf: Buffer;
  try {
    buf = await readFile(file);
  } catch {
    return { miss: 'missing' };
  }
  try {
    if (buf.length < MAGIC.length + 4 || !buf.subarray(0, MAGIC.length).equals(MAGIC)) {
      throw new Damaged('not a snapshot file');
    }
    const trailerLength = buf.readUInt32LE(buf.length - 4);
    const trailerStart = buf.length - 4 - trailerLength;
    if (trailerStart < MAGIC.length) throw new Damaged('trailer length out of range');
    const trailer = JSON.parse(buf.toString('utf8', trailerStart, buf.length - 4)) as Partial<Trailer>;
    if (trailer.format !== SNAPSHOT_FORMAT || trailer.tokenizerVersion !== TOKENIZER_VERSION)
      return { miss: 'tokenizer' };
    if (trailer.endianness !== os.endianness()) throw new Damaged('written with another byte order');
    if (createHash('sha256').update(buf.subarray(0, trailerStart)).digest('hex') !== trailer.sha256) {
      throw new Damaged('checksum does not match');
    }
    const t = trailer as Trailer;
    return {
      corpusHash: t.corpusHash,
      corpus: t.corpus,
      restore: () => {
        const grown = buf.length > LARGE_SNAPSHOT_BYTES ? growYoungGenerationWhileBuilding() : () => {};
        try {
          return restoreIndex(buf, t);
        } finally {
          grown();
        }
      },
    };
  } catch (err) {
    return { miss: 'corrupt', detail: detailOf(err) };
  }
}

function restoreIndex(buf: Buffer, trailer: Trailer): { index: SearchIndex } | { miss: 'corrupt'; detail: string } {
  try {
    const part = (name: string): Buffer => {
      const [start, length] = trailer.sections[name] ?? [-1, 0];
      if (!(start >= 0 && start + length <= buf.length)) throw new Damaged(`section ${name} missing`);
      return buf.subarray(start, start + length);
    };
    const json = (name: string): unknown => JSON.parse(part(name).toString('utf8'));
    const rows = json('rows') as Partial<Rows>;
    if (
      !Array.isArray(rows.passages) ||
      !Array.isArray(rows.documents) ||
      !Array.isArray(rows.labels) ||
      rows.labels.length !== rows.passages.length ||
      typeof rows.script?.hanShare !== 'number' ||
      typeof rows.script.hanCharacters !== 'string'
    ) {
      throw new Damaged('fields missing');
    }
    const restore = <T>(which: (typeof SEARCHES)[number], search: MiniSearch<T>): MiniSearch<T> => {
      const state = json(`${which}.state`) as StateJson;
      const m = internalsOf(search);
      if (!isDeepStrictEqual(state.fieldIds, m._fieldIds)) throw new Damaged(`${which} has other fields`);
      m._documentCount = state.documentCount;
      m._nextId = state.nextId;
      m._documentIds = new Map(state.documentIds);
      m._idToShortId = new Map(state.documentIds.map(([shortId, id]) => [id, shortId]));
      m._fieldLength = new Map(state.fieldLength);
      m._avgFieldLength = state.averageFieldLength;
      m._storedFields = new Map(state.storedFields);
      m._dirtCount = state.dirtCount;
      const nums = part(`${which}.nums`);
      // Sections start at multiples of 4 in the file; the copy is for a buffer that does not.
      const aligned = nums.byteOffset % 4 === 0 ? nums : Buffer.from(nums);
      unflattenTree(
        {
          keys: json(`${which}.keys`) as string[],
          nums: new Uint32Array(aligned.buffer, aligned.byteOffset, aligned.length / 4),
        },
        m._index._tree,
      );
      return search;
    };
    const search = restore('search', new MiniSearch<IndexedPassage>(miniSearchOptions()));
    const documentSearch = restore('documentSearch', new MiniSearch<IndexedDocument>(documentSearchOptions()));
    if (search.documentCount !== rows.passages.length || documentSearch.documentCount !== rows.documents.length) {
      throw new Damaged('passage or document count does not match the index');
    }
    return {
      index: assembleIndex({
        search,
        documentSearch,
        passages: rows.passages,
        documents: rows.documents,
        labels: rows.labels,
        script: rows.script,
        corpusHash: trailer.corpusHash,
        builtAt: new Date(trailer.builtAt),
      }),
    };
  } catch (err) {
    return { miss: 'corrupt', detail: detailOf(err) };
  }
}

/**
 * Loads a snapshot when it matches the corpus hash (any hash when null: the CLI's "before" of a
 * reindex) and this tokenizer; otherwise says why not (the caller rebuilds). Never throws for a bad file.
 */
export async function loadSnapshot(
  file: string,
  corpusHash: string | null,
): Promise<{ index: SearchIndex } | { miss: SnapshotMiss; detail?: string }> {
  const saved = await readSnapshot(file);
  if ('miss' in saved) return saved;
  if (corpusHash !== null && saved.corpusHash !== corpusHash) return { miss: 'stale' };
  return saved.restore();
}
