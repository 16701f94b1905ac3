import { rm } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { UserFacingError, messageOf } from '../errors.ts';
import type { Message } from '../words/index.ts';
import {
  DOCUMENT_EXTENSIONS,
  defaultLoadOptions,
  listFiles,
  loadCorpus,
  realCorpusFs,
  type CorpusProblem,
} from './corpus.ts';
import { corpusHashOf, type SearchIndex } from '../engine/searchIndex.ts';
import type { CorpusDocument } from '../engine/types.ts';
import { warmUpSpecificity } from '../engine/specificity.ts';
import { warmUpTokenizer } from '../engine/tokenize.ts';
import { EMPTY_SYNONYMS, type SynonymTable } from '../engine/synonyms.ts';
import {
  LEGACY_SNAPSHOT_FILE,
  loadSnapshot,
  readSnapshot,
  snapshotPath,
  type SavedSnapshot,
  type SnapshotCorpus,
  type SnapshotMiss,
} from './snapshot.ts';
import { manifestMatches } from './manifest.ts';
import { CorpusWriter } from './corpusWriter.ts';
import type { ReindexReport } from './reindexReport.ts';

export type { ReindexReport } from './reindexReport.ts';
export type { CoreLogger } from './libraryBuild.ts';
import { Mutex } from './mutex.ts';
import {
  DEFAULT_MAX_CORPUS_BYTES,
  buildInSlices,
  diffIndexes,
  failedReport,
  openReportOf,
  silent,
  type CoreLogger,
  type LibraryOptions,
  type OpenReport,
  readSynonymsFile,
  refusal,
  totalBytes,
  saveQuietly,
  unchangedReport,
  warmInBackground,
  type Built,
} from './libraryBuild.ts';
import { startWorkerBuild } from './workerBuild.ts';

/**
 * The live index and how it changes. Exactly one index answers at a time; a reindex reads and
 * validates the corpus, builds a new index in chunks while the old one keeps answering, and swaps it
 * in whole. Concurrent reindex calls share one rebuild.
 */
export class Library {
  readonly corpusDir: string;
  /** Taken by every change to the corpus files and by a rebuild while it reads them. */
  readonly corpusLock = new Mutex();
  /** The one way the bot changes the corpus. */
  readonly writer: CorpusWriter;
  readonly maxCorpusBytes: number;
  private live: SearchIndex | null = null;
  private served: SearchIndex | null = null;
  private servedFrom: SearchIndex | null = null;
  private synonymTable: SynonymTable = EMPTY_SYNONYMS;
  private synonymLineProblems: readonly CorpusProblem[] = [];
  private running: Promise<ReindexReport> | null = null;
  /** The rebuild queued to start when the running one ends (shared by every write made meanwhile). */
  private queued: Promise<ReindexReport> | null = null;
  private readonly options: LibraryOptions;
  private readonly log: CoreLogger;
  private readonly swapListeners = new Set<(index: SearchIndex, report: ReindexReport) => void>();
  /** Problems found by the last successful load. */
  problems: CorpusProblem[] = [];
  reindexCount = 0;

  constructor(options: LibraryOptions) {
    this.options = options;
    this.corpusDir = options.corpusDir;
    this.log = options.logger ?? silent;
    this.maxCorpusBytes = options.maxCorpusBytes ?? DEFAULT_MAX_CORPUS_BYTES;
    this.writer = new CorpusWriter(this, this.maxCorpusBytes);
  }

  /** The live index. Throws before `open()` has succeeded. */
  get index(): SearchIndex {
    if (!this.live) throw new Error('the library is not open yet');
    if (this.servedFrom !== this.live || this.served === null) {
      this.served = Object.freeze({ ...this.live, synonyms: this.synonymTable });
      this.servedFrom = this.live;
    }
    return this.served;
  }

  /** The corpus's synonyms file as last read (synonyms.ts), and the lines of it that could not be used. */
  get synonyms(): SynonymTable {
    return this.synonymTable;
  }

  get synonymProblems(): readonly CorpusProblem[] {
    return this.synonymLineProblems;
  }

  /**
   * Reads the synonyms file again: the next question uses it, no reindex needed. A missing file means
   * no synonyms; a malformed line is skipped and listed in `synonymProblems`.
   */
  async reloadSynonyms(): Promise<readonly CorpusProblem[]> {
    const read = await readSynonymsFile(this.corpusDir);
    if ('table' in read) {
      this.synonymTable = read.table;
      this.servedFrom = null;
    }
    this.synonymLineProblems = read.problems;
    return this.synonymLineProblems;
  }

  get isOpen(): boolean {
    return this.live !== null;
  }

  /** Called after every successful swap (e.g. to save metrics or tell other shards). */
  onSwap(listener: (index: SearchIndex, report: ReindexReport) => void): () => void {
    this.swapListeners.add(listener);
    return () => this.swapListeners.delete(listener);
  }

  /**
   * Loads the saved index when it matches the corpus, otherwise builds (and saves) a new one. When every
   * corpus file has the size and times the snapshot recorded, no document is read; otherwise all are, and
   * their content hashes decide.
   */
  async open(): Promise<OpenReport> {
    const started = performance.now();
    // The first question must not pay for loading the dictionaries.
    warmUpTokenizer();
    warmUpSpecificity();
    if (this.options.snapshot !== 'read') {
      const stale = await this.writer.removeStaleTemps();
      if (stale.length) this.log.info({ files: stale }, 'removed temp files left by a crash');
    }
    const useSnapshot = this.options.snapshot !== false;
    const file = snapshotPath(this.corpusDir);
    let miss: SnapshotMiss | null = null;
    let saved: SavedSnapshot | null = null;
    if (useSnapshot) {
      const read = await readSnapshot(file);
      if ('miss' in read) {
        miss = read.miss;
        if (miss === 'corrupt' || miss === 'tokenizer') {
          this.log.warn({ snapshot: file, reason: miss, detail: read.detail }, 'saved index unusable: rebuilding');
        }
      } else saved = read;
      const fresh = saved?.corpus && (await this.corpusLock.run(() => this.unchangedSince(saved!.corpus!)));
      if (fresh) {
        const restored = this.restore(saved!);
        if (restored) {
          this.reportProblems(saved!.corpus!.problems);
          this.checkSize(restored.documentList.length, totalBytes(restored.documentList));
          return this.openFrom(restored, 'snapshot', null, saved!.corpus!.problems, started);
        }
        miss = 'corrupt';
        saved = null;
      }
    }
    const corpus = await this.corpusLock.run(() => loadCorpus(this.corpusDir, this.options.load));
    this.reportProblems(corpus.problems);
    this.checkSize(corpus.documents.length, totalBytes(corpus.documents));
    const read = { manifest: corpus.manifest, problems: corpus.problems };
    if (saved?.corpusHash === corpusHashOf(corpus.documents)) {
      const restored = this.restore(saved);
      if (restored) {
        // Same content, other file times (a copy, a touch): saved again so that the next start need not read it.
        if (this.options.snapshot !== 'read') void this.save(restored, read);
        return this.openFrom(restored, 'snapshot', null, corpus.problems, started);
      }
      miss = 'corrupt';
    } else if (saved) miss = 'stale';
    const built = await this.build(corpus.documents);
    const report = await this.openFrom(built, 'built', miss, corpus.problems, started);
    if (this.options.snapshot !== 'read' && useSnapshot) {
      await this.save(built, read);
      if (miss === 'missing') await rm(path.join(this.corpusDir, LEGACY_SNAPSHOT_FILE), { force: true });
    }
    return report;
  }

  /** Whether the corpus files are those the snapshot was built from, by listing and stats alone (manifest.ts). */
  private async unchangedSince(corpus: SnapshotCorpus): Promise<boolean> {
    const fs = this.options.load?.fs;
    const listingProblems: CorpusProblem[] = [];
    let files: string[];
    try {
      files = await listFiles(path.resolve(this.corpusDir), fs ?? realCorpusFs, listingProblems);
    } catch {
      return false; // the loader says what is wrong with the directory
    }
    const maxFileBytes = this.options.load?.maxFileBytes ?? defaultLoadOptions.maxFileBytes;
    return manifestMatches(this.corpusDir, files, maxFileBytes, corpus.manifest);
  }

  /** The saved index restored, or null (logged) when a part of it is damaged. */
  private restore(saved: SavedSnapshot): SearchIndex | null {
    const restored = saved.restore();
    if ('index' in restored) return restored.index;
    this.log.warn(
      { snapshot: snapshotPath(this.corpusDir), reason: restored.miss, detail: restored.detail },
      'saved index unusable: rebuilding',
    );
    return null;
  }

  private checkSize(documents: number, bytes: number): void {
    if (documents === 0) throw new UserFacingError('corpus.empty', { dir: this.corpusDir, types: DOCUMENT_EXTENSIONS });
    const tooLarge = refusal(documents, bytes, this.maxCorpusBytes);
    if (tooLarge) throw UserFacingError.of(tooLarge.code, tooLarge.words);
  }

  /** Makes the opened index live and reports how. */
  private async openFrom(
    index: SearchIndex,
    source: OpenReport['source'],
    miss: SnapshotMiss | null,
    problems: CorpusProblem[],
    started: number,
  ): Promise<OpenReport> {
    this.goLive(index);
    this.problems = [...problems, ...(await this.reloadSynonyms())];
    const report = this.openReport(source, miss, started);
    this.log.info(
      { ...report, problems: report.problems.length },
      source === 'snapshot' ? 'index loaded from snapshot' : 'index built',
    );
    return report;
  }

  /**
   * Makes the saved index live whatever corpus it was built from, so that a reindex reports what
   * changed since it was saved (the CLI's reindex). Returns false when there is no usable snapshot.
   */
  async adoptSavedIndex(): Promise<boolean> {
    const loaded = await loadSnapshot(snapshotPath(this.corpusDir), null);
    if (!('index' in loaded)) return false;
    this.live = loaded.index;
    return true;
  }

  /** Rebuilds from the corpus directory; concurrent callers share one rebuild. */
  reindex(): Promise<ReindexReport> {
    if (this.running) return this.running.then((report) => ({ ...report, shared: true }));
    this.running = this.rebuild().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /**
   * A rebuild that reads the corpus after this call: the running one if none is running yet, else
   * exactly one more, queued behind it and shared by every caller until it starts. What a write waits
   * for, so that its reply comes when the change is answerable.
   */
  reindexIncluding(): Promise<ReindexReport> {
    if (!this.running) return this.reindex();
    this.queued ??= this.running.then(() => {
      this.queued = null;
      return this.reindex();
    });
    return this.queued;
  }

  /** Whether a rebuild is running now. */
  get reindexing(): boolean {
    return this.running !== null;
  }

  private async rebuild(): Promise<ReindexReport> {
    const started = performance.now();
    const before = this.live;
    const base = unchangedReport(before);
    try {
      const saveHere = this.options.snapshot === true || this.options.snapshot === undefined;
      // A file-system seam (tests) cannot cross into a worker: such a library builds on this thread.
      const here = this.options.reindexIn === 'slices' || this.options.load?.fs !== undefined;
      const built = here ? await this.buildHere(base) : await this.buildInWorker(base);
      if ('failed' in built) return this.failed(base, started, built.failed.code, built.failed.words);
      const next = built.index;
      base.problems = [...base.problems, ...(await this.reloadSynonyms())];
      const report = { ...base, ...diffIndexes(before, next), ok: true, tookMs: performance.now() - started };
      this.goLive(next);
      // The copy served to questions refers to the old index: dropped now, not at the next question, so
      // that the old index is garbage from here on (else back-to-back reindexes hold three indexes).
      this.served = null;
      this.servedFrom = null;
      this.problems = base.problems;
      this.reindexCount++;
      this.log.info({ ...report, problems: report.problems.length }, 'reindexed');
      for (const listener of this.swapListeners) listener(next, report);
      if (built.saved) {
        const saved = await built.saved;
        if (saved.error) this.log.warn({ error: saved.error }, 'could not save the index snapshot');
        else if (saveHere) this.log.info({ bytes: saved.bytes }, 'index saved');
      } else if (saveHere) await this.save(next, built.corpus);
      return report;
    } catch (err) {
      const code = err instanceof UserFacingError ? err.code : 'reindex.error';
      return this.failed(base, started, code, messageOf(err));
    }
  }

  /** Reads the corpus (holding the corpus lock) and builds its index on this thread, in slices. */
  private async buildHere(base: ReindexReport): Promise<Built> {
    const corpus = await this.corpusLock.run(() => loadCorpus(this.corpusDir, this.options.load));
    base.problems = corpus.problems;
    this.reportProblems(corpus.problems);
    const refused = this.refuse(corpus.documents.length, totalBytes(corpus.documents));
    if (refused) return { failed: refused };
    return {
      index: await this.build(corpus.documents),
      saved: null,
      corpus: { manifest: corpus.manifest, problems: corpus.problems },
    };
  }

  /**
   * Reads the corpus and builds its index in a worker thread, which also saves the snapshot; this
   * thread assembles the finished index from small pieces. The corpus lock is held while the worker reads.
   */
  private async buildInWorker(base: ReindexReport): Promise<Built> {
    const saveHere = this.options.snapshot === true || this.options.snapshot === undefined;
    const job = startWorkerBuild(
      {
        corpusDir: this.corpusDir,
        load: this.options.load ?? {},
        split: this.options.split ?? {},
        snapshotFile: saveHere ? snapshotPath(this.corpusDir) : null,
      },
      this.options.onProgress,
    );
    const loaded = await this.corpusLock.run(() => job.loaded);
    base.problems = loaded.problems;
    this.reportProblems(loaded.problems);
    const refused = this.refuse(loaded.documents, loaded.bytes);
    if (refused) {
      job.stop();
      return { failed: refused };
    }
    return { index: await job.build(), saved: saveHere ? job.saved : null, corpus: null };
  }

  private refuse(documents: number, bytes: number): { code: string; words: Message } | null {
    return refusal(documents, bytes, this.maxCorpusBytes);
  }

  private build(documents: CorpusDocument[]): Promise<SearchIndex> {
    return buildInSlices(documents, this.options.split, this.options.onProgress);
  }

  private failed(base: ReindexReport, started: number, errorCode: string, errorWords: Message): ReindexReport {
    const report = failedReport(base, performance.now() - started, errorCode, errorWords);
    this.log.warn({ error: report.error, problems: report.problems }, 'reindex failed: the current index stays live');
    return report;
  }

  private save(index: SearchIndex, corpus: SnapshotCorpus | null): Promise<void> {
    return saveQuietly(index, snapshotPath(this.corpusDir), corpus, this.log);
  }

  /** Makes an index the live one and, for a service, prepares its first questions' tables in the background. */
  private goLive(index: SearchIndex): void {
    this.live = index;
    if (this.options.warmUp === 'background') warmInBackground(index, this.log, this.options.warmUpAfter);
  }

  private reportProblems(problems: CorpusProblem[]): void {
    for (const p of problems) this.log.warn({ file: p.file, reason: p.reason }, 'document skipped');
  }

  private openReport(source: OpenReport['source'], snapshotMiss: SnapshotMiss | null, started: number): OpenReport {
    return openReportOf(source, snapshotMiss, this.index, performance.now() - started, this.problems);
  }
}
