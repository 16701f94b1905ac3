import { statSync, type Stats } from 'node:fs';
import path from 'node:path';
import { formatForFile } from './formats/index.ts';

/**
 * What the corpus directory looked like when it was read: every file the loader listed, with its size,
 * modification and change times. A snapshot stores the manifest of the corpus it was built from; at the next
 * start, a directory whose listing and stats are all the same (as git, make and rsync decide) is the same
 * corpus, so the snapshot is used without reading a document. Any difference, however small, means the
 * documents are read and their content hashes decide, as before.
 */
export interface CorpusManifest {
  /** The loader's size limit then: a file skipped as too large under one limit may not be under another. */
  maxFileBytes: number;
  files: FileStamp[];
}

/**
 * One listed file: its path, and for a document its size, mtime and ctime in ms. A time is null when it was
 * too close to the moment the file was read to tell a later same-size edit apart (such a stamp never
 * matches, so the next start reads the documents). A file that is not a document by its name has no stats.
 */
export type FileStamp = [file: string, size?: number, mtimeMs?: number | null, ctimeMs?: number | null];

/**
 * How close to its reading a file's times may be, in ms, and still be trusted. File systems keep times in
 * ticks of a few ms: an edit within the same tick as the read could leave size and times as they were.
 */
export const RACY_MS = 2_000;

/** The stamp of a file the loader stat'ed at `now` (before reading it), its times trusted when `racyMs` old (any, at 0). */
export function stampOf(
  file: string,
  info: Pick<Stats, 'size' | 'mtimeMs' | 'ctimeMs'>,
  now: number,
  racyMs = RACY_MS,
): FileStamp {
  // `now` is whole ms and file times have fractions: with no racy margin, a time within the same ms is trusted too.
  const trusted = (ms: number): number | null => (racyMs <= 0 || now - ms >= racyMs ? ms : null);
  return [file, info.size, trusted(info.mtimeMs), trusted(info.ctimeMs)];
}

/** A listed file's stamp as it is now (no racy check: it is compared, not stored); null when it is gone. */
function currentStamp(dir: string, file: string): FileStamp | null {
  if (formatForFile(file) === null) return [file];
  const info = statSync(path.join(dir, file), { throwIfNoEntry: false });
  return info ? [file, info.size, info.mtimeMs, info.ctimeMs] : null;
}

/**
 * Whether the files listed now (`files`, as the loader lists them) are exactly those of `manifest`, each with
 * the same stamp, under the same size limit.
 */
export function manifestMatches(
  dir: string,
  files: readonly string[],
  maxFileBytes: number,
  manifest: CorpusManifest,
): boolean {
  if (manifest.files.length !== files.length || !sameUnderLimit(manifest, maxFileBytes)) return false;
  // One stat after the other, synchronously: at start-up nothing else waits for the event loop, and 5,671 files
  // took 25-50 ms that way, 110-230 ms through the thread pool in batches (fortunes-zh, a shared 2-core machine).
  return files.every((file, i) => {
    const now = currentStamp(dir, file);
    const then = manifest.files[i];
    return now !== null && then !== undefined && sameStamp(now, then);
  });
}

/**
 * Whether the loader would skip the same files as too large under `maxFileBytes` as under the manifest's limit,
 * with the same words: the limits are equal, or no file is larger than the smaller of them.
 */
function sameUnderLimit(manifest: CorpusManifest, maxFileBytes: number): boolean {
  if (manifest.maxFileBytes === maxFileBytes) return true;
  const limit = Math.min(manifest.maxFileBytes, maxFileBytes);
  return manifest.files.every(([, size]) => size === undefined || size <= limit);
}

function sameStamp(a: FileStamp, b: FileStamp): boolean {
  return a.length === b.length && a.every((v, i) => v !== null && v === b[i]);
}
