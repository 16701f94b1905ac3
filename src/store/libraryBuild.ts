import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describeError } from '../errors.ts';
import { sayMessage, type Message } from '../words/index.ts';
import { problemOf, type CorpusProblem, type LoadOptions } from './corpus.ts';
import type { SplitOptions } from '../engine/passages.ts';
import { buildIndexSteps, prepareCoverageSteps, type SearchIndex } from '../engine/searchIndex.ts';
import type { CorpusDocument } from '../engine/types.ts';
import { SYNONYMS_FILE, parseSynonyms, type SynonymTable } from '../engine/synonyms.ts';
import type { ReindexReport } from './reindexReport.ts';
import { saveSnapshot, type SnapshotCorpus, type SnapshotMiss } from './snapshot.ts';
import { runInSlices } from './slices.ts';
import { expansionWarmUp } from '../engine/ranking/expand.ts';
import { cedictSource, type CedictSource } from '../engine/lexicon/cedict.ts';
import { idfSource, type IdfSource } from '../engine/specificity.ts';
import { internalsOf } from '../engine/miniSearchInternals.ts';
import { settleTree } from './lazyTree.ts';

/** The Library's options and the building blocks that hold no state: limits, reports, the synonyms file, a sliced build. */

/** Default total corpus size limit (CORPUS_MAX_BYTES), in bytes. */
export const DEFAULT_MAX_CORPUS_BYTES = 200 * 1024 * 1024;

/** The logging the library does, as a subset of pino's API (so core does not depend on pino). */
export interface CoreLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export const silent: CoreLogger = { info: () => {}, warn: () => {} };

export interface LibraryOptions {
  corpusDir: string;
  /**
   * Save the index next to the corpus and load it at start when it still matches (true, the default);
   * only load it ('read': one-shot commands that must not write into a directory they were pointed at);
   * or neither (false).
   */
  snapshot?: boolean | 'read';
  load?: Partial<LoadOptions>;
  split?: Partial<SplitOptions>;
  logger?: CoreLogger;
  /** Total bytes of all documents together; more is refused on add and fails a reindex. Default 200 MiB. */
  maxCorpusBytes?: number;
  /**
   * Where a reindex builds the new index: in a worker thread (the default; the answering thread only
   * assembles the finished pieces) or on this thread in time slices.
   */
  reindexIn?: 'worker' | 'slices';
  /**
   * 'background': after each index goes live, build what its first questions would otherwise pay for
   * (the dictionaries, the same-meaning table, the corpus's characters by sound, each passage's words) a few
   * milliseconds per event-loop turn, questions meanwhile going without (a service). 'on-demand' (the default): the first question that needs them builds them
   * (one-shot commands, tests, tools).
   */
  warmUp?: 'background' | 'on-demand';
  /** With warmUp 'background': warm-ups start once this settles (the bot: when it is connected), so start-up does not wait for them. */
  warmUpAfter?: Promise<unknown>;
  /** Told how far an index build has got (passages indexed, of total). */
  onProgress?: (done: number, total: number) => void;
}

/** What opening the library did. */
export interface OpenReport {
  source: 'snapshot' | 'built';
  /** Why the snapshot was not used (when it was not). */
  snapshotMiss: SnapshotMiss | null;
  documents: number;
  passages: number;
  tookMs: number;
  problems: CorpusProblem[];
}

/** A new index, and its snapshot save when the worker does that; or why none was built. */
export type Built =
  | {
      index: SearchIndex;
      saved: Promise<{ bytes: number; error?: string }> | null;
      /** What the index was built from, for a snapshot saved on this thread (null: the worker saved it). */
      corpus: SnapshotCorpus | null;
    }
  | { failed: { code: string; words: Message } };

export function totalBytes(documents: ReadonlyArray<{ bytes: number }>): number {
  return documents.reduce((sum, d) => sum + d.bytes, 0);
}

/** Why a corpus of this many documents and bytes cannot be indexed under this size limit, or null. */
export function refusal(documents: number, bytes: number, maxBytes: number): { code: string; words: Message } | null {
  if (documents === 0) return { code: 'corpus.empty', words: { key: 'corpus.emptied', params: {} } };
  if (bytes > maxBytes)
    return { code: 'corpus.tooLarge', words: { key: 'corpus.tooLarge', params: { total: bytes, max: maxBytes } } };
  return null;
}

/** A reindex report that changed nothing yet, counted from the index before. */
export function unchangedReport(before: SearchIndex | null): ReindexReport {
  return {
    ok: false,
    shared: false,
    added: [],
    removed: [],
    changed: [],
    documentsBefore: before?.documents.size ?? 0,
    documentsAfter: before?.documents.size ?? 0,
    passagesBefore: before?.passages.length ?? 0,
    passagesAfter: before?.passages.length ?? 0,
    tookMs: 0,
    problems: [],
    error: null,
    errorCode: null,
    errorWords: null,
  };
}

/** What opening the library did, once its index is live. */
export function openReportOf(
  source: OpenReport['source'],
  snapshotMiss: SnapshotMiss | null,
  index: SearchIndex,
  tookMs: number,
  problems: CorpusProblem[],
): OpenReport {
  return { source, snapshotMiss, documents: index.documents.size, passages: index.passages.length, tookMs, problems };
}

/** The report of a reindex that failed: the index before stays live. */
export function failedReport(
  base: ReindexReport,
  tookMs: number,
  errorCode: string,
  errorWords: Message,
): ReindexReport {
  return { ...base, ok: false, error: sayMessage('en', errorWords), errorCode, errorWords, tookMs };
}

/**
 * Reads the corpus's synonyms file: its table and the lines it could not use. A missing file is no
 * synonyms; an unreadable one keeps the table in use (no `table`) and is one problem.
 */
export async function readSynonymsFile(
  corpusDir: string,
): Promise<{ table: SynonymTable; problems: CorpusProblem[] } | { problems: CorpusProblem[] }> {
  let text = '';
  try {
    text = await readFile(path.join(corpusDir, SYNONYMS_FILE), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
      return {
        problems: [problemOf(SYNONYMS_FILE, { key: 'problem.unreadable', params: { detail: describeError(err) } })],
      };
    }
  }
  const { table, problems } = parseSynonyms(text);
  return { table, problems: problems.map((p) => problemOf(`${SYNONYMS_FILE}:${p.line}`, p.words)) };
}

/** Builds an index a few milliseconds per event-loop turn: the live index keeps answering meanwhile. */
export function buildInSlices(
  documents: CorpusDocument[],
  split: Partial<SplitOptions> | undefined,
  onProgress: ((done: number, total: number) => void) | undefined,
): Promise<SearchIndex> {
  return runInSlices(
    buildIndexSteps(documents, split),
    onProgress && ((p) => p.total > 0 && onProgress(p.done, p.total)),
  );
}

/**
 * Builds what an index's first questions would otherwise pay for, a few milliseconds per event-loop turn,
 * once `after` settles.
 */
export function warmInBackground(index: SearchIndex, log: CoreLogger, after?: Promise<unknown>): void {
  // Made now, run later: until it has run, questions go without what it builds rather than build it themselves.
  // A restored index first makes the rest of its term trees (what questions have not made yet).
  const expansion = expansionWarmUp(index);
  const steps = (function* () {
    yield* settleTree(internalsOf(index.search)._index._tree);
    yield* settleTree(internalsOf(index.documentSearch)._index._tree);
    yield* expansion;
    yield* prepareCoverageSteps(index);
  })();
  let started = 0;
  (after ?? Promise.resolve())
    .catch(() => {})
    .then(() => {
      started = performance.now();
      return runInSlices(steps);
    })
    .then(
      () => {
        reportLexiconSources([cedictSource(), idfSource()], log);
        log.info({ ms: Math.round(performance.now() - started) }, 'dictionaries prepared');
      },
      (err: unknown) =>
        log.warn({ error: describeError(err) }, 'could not prepare the dictionaries: questions build them'),
    );
}

/**
 * Warns once per table computed from its package's source because the file `npm run build` derives
 * (node_modules/.cache/wenda-bot/) was missing, stale or damaged: start-up was slower than it need be.
 */
export function reportLexiconSources(sources: ReadonlyArray<CedictSource | IdfSource | null>, log: CoreLogger): void {
  for (const source of sources) {
    if (source === null || source.from === 'pack' || reported.has(source.file)) continue;
    reported.add(source.file);
    log.warn(
      { file: source.file, reason: source.reason, detail: source.detail },
      'a precomputed dictionary file is unusable: computed it from its package instead (slower start-up; npm run build writes it)',
    );
  }
}

const reported = new Set<string>();

/**
 * Saves the index (with the corpus it was built from, see saveSnapshot); a snapshot that cannot be written
 * costs the next start-up some time, never the answer.
 */
export async function saveQuietly(
  index: SearchIndex,
  file: string,
  corpus: SnapshotCorpus | null,
  log: CoreLogger,
): Promise<void> {
  try {
    const bytes = await saveSnapshot(index, file, corpus);
    log.info({ bytes }, 'index saved');
  } catch (err) {
    log.warn({ error: describeError(err) }, 'could not save the index snapshot');
  }
}

/** Documents added, removed and changed (by content hash) between two indexes, and the counts. */
export function diffIndexes(
  before: SearchIndex | null,
  after: SearchIndex,
): Pick<ReindexReport, 'added' | 'removed' | 'changed' | 'documentsAfter' | 'passagesAfter'> {
  const old = before?.documents ?? new Map<string, { hash: string }>();
  const added: string[] = [];
  const changed: string[] = [];
  for (const [id, doc] of after.documents) {
    const prev = old.get(id);
    if (!prev) added.push(id);
    else if (prev.hash !== doc.hash) changed.push(id);
  }
  const removed = [...old.keys()].filter((id) => !after.documents.has(id));
  return { added, removed, changed, documentsAfter: after.documents.size, passagesAfter: after.passages.length };
}
