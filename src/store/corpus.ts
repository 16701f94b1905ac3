import { createHash } from 'node:crypto';
import type { Dirent } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { UserFacingError, describeError } from '../errors.ts';
import { DOCUMENT_EXTENSIONS, formatForFile } from './formats/index.ts';
import { addIndexAliases, type IndexEntry } from './formats/bookIndex.ts';
import { sayMessage, type Message } from '../words/index.ts';
import { unreadableReason } from './fsErrors.ts';
import { stampOf, type CorpusManifest, type FileStamp } from './manifest.ts';
import { SYNONYMS_FILE } from '../engine/synonyms.ts';
import type { CorpusDocument } from '../engine/types.ts';

/** How the corpus directory is read. */
export interface LoadOptions {
  /** Files larger than this are skipped with a problem. Default 5 MiB. */
  maxFileBytes: number;
  /**
   * How old a file's times must be, in ms, for the snapshot to trust them next time (manifest.ts). Default
   * RACY_MS; a seam, so tests can trust files they have just written.
   */
  racyMs?: number;
  /** The directory listing and file reading calls: a seam, so tests can make a folder unreadable. */
  fs?: CorpusFs;
}

/** The file-system calls the loader makes. */
export interface CorpusFs {
  readdir(dir: string): Promise<Dirent[]>;
  readFile(file: string): Promise<Buffer>;
}

/** The file system itself (what the loader uses without a seam). */
export const realCorpusFs: CorpusFs = {
  readdir: (dir) => readdir(dir, { withFileTypes: true }),
  readFile: (file) => readFile(file),
};

export const defaultLoadOptions: Readonly<LoadOptions> = Object.freeze({ maxFileBytes: 5 * 1024 * 1024 });

/** A file that was skipped, and why (in words a moderator can act on). */
export interface CorpusProblem {
  file: string;
  /** The reason in English (logs). */
  reason: string;
  /** The reason as a catalogue message, for a reader's language. */
  words?: Message;
}

/** A skipped file and why. */
export function problemOf(file: string, words: Message): CorpusProblem {
  return { file, reason: sayMessage('en', words), words };
}

export interface LoadedCorpus {
  dir: string;
  documents: CorpusDocument[];
  problems: CorpusProblem[];
  /** Every listed file's stamp, taken before it was read (what a snapshot checks its freshness by). */
  manifest: CorpusManifest;
}

export { DOCUMENT_EXTENSIONS };

/** How many files are read at once. */
const READ_BATCH = 64;

/**
 * Lists document files under dir (recursively), relative paths with "/", hidden entries skipped,
 * sorted. A subfolder that cannot be read (a root-owned lost+found, a chmod-000 folder) is a problem,
 * not a failure; only the top directory must be readable.
 */
export async function listFiles(dir: string, fs: CorpusFs, problems: CorpusProblem[], rel = ''): Promise<string[]> {
  let entries: Dirent[];
  try {
    entries = await fs.readdir(path.join(dir, rel));
  } catch (err) {
    if (!rel) throw err;
    problems.push(problemOf(`${rel}/`, unreadableReason(err)));
    return [];
  }
  const out: string[] = [];
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    // The synonyms file at the root is read by the library, not indexed as a document.
    if (!rel && entry.name === SYNONYMS_FILE) continue;
    const relPath = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...(await listFiles(dir, fs, problems, relPath)));
    else if (entry.isFile()) out.push(relPath);
  }
  return out.sort();
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Turns one file's bytes into a document, or throws a UserFacingError saying what is wrong with it.
 * Exported for /corpus add, which validates an attachment exactly as the loader will.
 */
export function parseDocument(
  id: string,
  bytes: Uint8Array,
  mtimeMs = 0,
  maxFileBytes = defaultLoadOptions.maxFileBytes,
): CorpusDocument {
  return readDocument(id, bytes, mtimeMs, maxFileBytes).doc;
}

/** A parsed document and the index entries it gives other documents (see addIndexAliases). */
function readDocument(
  id: string,
  bytes: Uint8Array,
  mtimeMs: number,
  maxFileBytes: number,
): { doc: CorpusDocument; indexEntries: IndexEntry[] } {
  const format = formatForFile(id);
  if (format === null) throw new UserFacingError('document.type', { types: DOCUMENT_EXTENSIONS });
  if (bytes.length > maxFileBytes) {
    throw new UserFacingError('document.tooLarge', { bytes: bytes.length, max: maxFileBytes });
  }
  if (bytes.includes(0)) throw new UserFacingError('document.binary', {});
  let source: string;
  try {
    source = utf8.decode(bytes);
  } catch {
    throw new UserFacingError('document.encoding', {});
  }
  source = source.replace(/^\ufeff/, '').replace(/\r\n?/g, '\n');
  const { indexEntries = [], ...parsed } = format.parse(source, id);
  const ext = path.extname(id);
  const doc: CorpusDocument = {
    ...parsed,
    id,
    title: parsed.title ?? path.basename(id).slice(0, -ext.length),
    bytes: bytes.length,
    mtimeMs,
    hash: createHash('sha256').update(bytes).digest('hex'),
  };
  return { doc, indexEntries };
}

/**
 * Reads every document under dir. A bad file is skipped and reported, never fatal; a missing or
 * unreadable directory is a UserFacingError. Documents come back sorted by id.
 */
export async function loadCorpus(dir: string, options: Partial<LoadOptions> = {}): Promise<LoadedCorpus> {
  const { maxFileBytes } = { ...defaultLoadOptions, ...options };
  const fs = options.fs ?? realCorpusFs;
  const resolved = path.resolve(dir);
  const problems: CorpusProblem[] = [];
  let files: string[];
  try {
    const info = await stat(resolved);
    if (!info.isDirectory()) throw new UserFacingError('corpus.notDirectory', { dir });
    files = await listFiles(resolved, fs, problems);
  } catch (err) {
    if (err instanceof UserFacingError) throw err;
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new UserFacingError('corpus.missing', { dir });
    }
    throw new UserFacingError('corpus.unreadable', { dir, detail: describeError(err) }, { cause: err });
  }

  const documents: CorpusDocument[] = [];
  const indexEntries = new Map<string, IndexEntry[]>();
  const stamps = new Map<string, FileStamp>();
  const readOne = async (file: string): Promise<CorpusDocument | CorpusProblem> => {
    stamps.set(file, [file]);
    if (formatForFile(file) === null)
      return problemOf(file, { key: 'problem.notDocument', params: { types: DOCUMENT_EXTENSIONS } });
    const full = path.join(resolved, file);
    stamps.set(file, [file, -1, null, null]);
    try {
      const info = await stat(full);
      stamps.set(file, stampOf(file, info, Date.now(), options.racyMs));
      if (info.size > maxFileBytes)
        return problemOf(file, { key: 'document.tooLarge', params: { bytes: info.size, max: maxFileBytes } });
      const { doc, indexEntries: entries } = readDocument(file, await fs.readFile(full), info.mtimeMs, maxFileBytes);
      if (entries.length > 0) indexEntries.set(file, entries);
      return doc;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return problemOf(file, { key: 'problem.vanished', params: {} });
      if (err instanceof UserFacingError) return problemOf(file, err.words);
      return code ? problemOf(file, unreadableReason(err)) : { file, reason: describeError(err) };
    }
  };
  // Files are read a batch at a time: thousands of small documents load in a fraction of the time
  // one-by-one reads take, without opening thousands of files at once.
  for (let i = 0; i < files.length; i += READ_BATCH) {
    for (const result of await Promise.all(files.slice(i, i + READ_BATCH).map(readOne))) {
      if ('reason' in result) problems.push(result);
      else documents.push(result);
    }
  }
  addIndexAliases(documents, indexEntries);
  const manifest = { maxFileBytes, files: files.map((file) => stamps.get(file)!) };
  return { dir: resolved, documents, problems, manifest };
}
