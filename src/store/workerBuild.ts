import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import MiniSearch from 'minisearch';
import type { SplitOptions } from '../engine/passages.ts';
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
import type { Passage } from '../engine/types.ts';
import { messageOf, UserFacingError } from '../errors.ts';
import type { Message } from '../words/index.ts';
import type { CorpusProblem, LoadOptions } from './corpus.ts';
import { nextTurn, SLICE_MS } from './slices.ts';
import { internalsOf, type MiniSearchInternals, type TermTree } from '../engine/miniSearchInternals.ts';
import { putPiece, type TreeEntry } from './termTree.ts';
import { growYoungGenerationWhileBuilding } from './youngGeneration.ts';

/** Defined (true) only in the bundled bot entry, by src/cli/bundle.ts. */
declare const WENDA_BUNDLE: boolean | undefined;

/** What the build worker is asked to do. */
export interface BuildJob {
  corpusDir: string;
  load: Partial<LoadOptions>;
  split: Partial<SplitOptions>;
  /** Where to save the snapshot once the index is handed over (null: do not save). */
  snapshotFile: string | null;
}

/**
 * A MiniSearch's state without its term tree (which comes in pieces): its private fields as MiniSearch keeps
 * them (maps included: the structured clone carries them as they are, so nothing is converted on arrival).
 */
export type MiniSearchState = Omit<MiniSearchInternals, '_index' | 'addDocumentId' | 'addFieldLength'>;

/** The fields of {@link MiniSearchState}, which the worker reads and this thread sets. */
export const STATE_FIELDS = [
  '_documentCount',
  '_nextId',
  '_documentIds',
  '_idToShortId',
  '_fieldLength',
  '_avgFieldLength',
  '_dirtCount',
] as const satisfies ReadonlyArray<keyof MiniSearchState>;

export type FromWorker =
  | { t: 'loaded'; problems: CorpusProblem[]; documents: number; bytes: number }
  | {
      t: 'head';
      corpusHash: string;
      builtAt: string;
      script: ScriptProfile;
      search: MiniSearchState;
      documentSearch: MiniSearchState;
    }
  | { t: 'rows'; passages: Passage[]; labels: string[]; bodies: string[] }
  | { t: 'documents'; documents: DocumentInfo[] }
  | { t: 'terms'; which: 'search' | 'documentSearch'; entries: TreeEntry[] }
  | { t: 'progress'; done: number; total: number }
  | { t: 'built' }
  | { t: 'saved'; bytes: number; error?: string }
  | { t: 'failed'; code: string; message: string; words: Message };

export type ToWorker = { t: 'build' } | { t: 'stop' } | { t: 'more' };

/** What the worker found in the corpus, before it builds anything. */
export interface Loaded {
  problems: CorpusProblem[];
  documents: number;
  bytes: number;
}

/** A build running in a worker thread: first the corpus is read, then the caller says whether to build. */
export interface WorkerBuild {
  loaded: Promise<Loaded>;
  /** Builds, and assembles the index on this thread one small piece per event-loop turn. */
  build(): Promise<SearchIndex>;
  /** Settles when the worker has saved the snapshot (bytes, or an error message) and exited. */
  saved: Promise<{ bytes: number; error?: string }>;
  stop(): void;
}

/**
 * Starts the worker file next to this one, with this module's extension: `.js` when running compiled
 * code from dist/; `.ts` under tsx (tests, the tooling). A `.ts` worker needs tsx's hooks registered in
 * it first: on Node 20 `execArgv: ['--import', 'tsx']` does not reach a worker's entry module (and tsx
 * registers itself on the main thread only), so a two-line bootstrap calls tsx's `register()` and then
 * imports the worker.
 */
function spawnWorker(job: BuildJob): Worker {
  // In the bundle `npm run build` makes (dist/index.js, src/cli/bundle.ts), this module's URL is the bundle's;
  // the worker is still tsc's dist/store/buildWorker.js.
  const dir = typeof WENDA_BUNDLE !== 'undefined' && WENDA_BUNDLE ? './store/' : './';
  const url = new URL(`${dir}buildWorker${path.extname(fileURLToPath(import.meta.url))}`, import.meta.url);
  if (!url.pathname.endsWith('.ts')) return new Worker(url, { workerData: job });
  const tsxDir = path.dirname(createRequire(import.meta.url).resolve('tsx/package.json'));
  const api = pathToFileURL(path.join(tsxDir, 'dist/esm/api/index.mjs')).href;
  const bootstrap = `import(${JSON.stringify(api)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(url.href)}); });`;
  return new Worker(bootstrap, { eval: true, workerData: job });
}

/** Gives a new, empty MiniSearch the state sent by the worker; returns its (empty) term tree's root to fill. */
function restoreState(
  search: MiniSearch<never> | MiniSearch<IndexedPassage> | MiniSearch<IndexedDocument>,
  state: MiniSearchState,
): TermTree {
  const m = internalsOf(search);
  for (const field of STATE_FIELDS) (m as Record<typeof field, unknown>)[field] = state[field];
  return m._index._tree;
}

/** Starts reading the corpus and building its index in a worker thread. */
export function startWorkerBuild(job: BuildJob, onProgress?: (done: number, total: number) => void): WorkerBuild {
  const grown = growYoungGenerationWhileBuilding();
  const worker = spawnWorker(job);
  worker.once('exit', grown);
  const handlers: Array<(m: FromWorker) => void> = [];
  let failure: Error | null = null;
  const failAll = (err: Error): void => {
    failure = err;
    for (const h of handlers.splice(0))
      h({ t: 'failed', code: 'reindex.error', message: err.message, words: messageOf(err) });
  };
  worker.on('message', (m: FromWorker) => {
    if (m.t === 'failed') failure = UserFacingError.of(m.code, m.words);
    if (m.t === 'progress') onProgress?.(m.done, m.total);
    for (const h of [...handlers]) h(m);
  });
  worker.on('error', (err) => failAll(err));
  const exited = new Promise<void>((resolve) =>
    worker.once('exit', (code) => {
      if (code !== 0 && !failure) failAll(new Error(`the index build worker exited with code ${code}`));
      else if (handlers.length) failAll(new Error('the index build worker stopped'));
      resolve();
    }),
  );
  const next = (want: Array<FromWorker['t']>): Promise<FromWorker> =>
    new Promise((resolve, reject) => {
      if (failure) {
        reject(failure);
        return;
      }
      const h = (m: FromWorker): void => {
        if (m.t === 'failed') {
          handlers.splice(handlers.indexOf(h), 1);
          reject(failure ?? UserFacingError.of(m.code, m.words));
        } else if (want.includes(m.t)) {
          handlers.splice(handlers.indexOf(h), 1);
          resolve(m);
        }
      };
      handlers.push(h);
    });
  const loaded = next(['loaded']) as Promise<Extract<FromWorker, { t: 'loaded' }>>;
  const savedMessage = next(['saved']).catch((err: unknown) => ({ t: 'saved', bytes: 0, error: String(err) }));
  const saved = Promise.all([savedMessage, exited]).then(([m]) => {
    const s = m as { bytes: number; error?: string };
    return job.snapshotFile ? s : { bytes: 0 };
  });

  async function build(): Promise<SearchIndex> {
    const pending = next(['head']);
    worker.postMessage({ t: 'build' } satisfies ToWorker);
    const head = (await pending) as Extract<FromWorker, { t: 'head' }>;
    const search = new MiniSearch<IndexedPassage>(miniSearchOptions());
    const documentSearch = new MiniSearch<IndexedDocument>(documentSearchOptions());
    const trees = {
      search: restoreState(search, head.search),
      documentSearch: restoreState(documentSearch, head.documentSearch),
    };
    const passages: Passage[] = [];
    const labels: string[] = [];
    const bodies: string[] = [];
    const documents: DocumentInfo[] = [];
    // The worker answers a request for the next piece within microseconds, and a message port delivers
    // what has arrived in the same event-loop turn: without a pause, the whole index would arrive in a
    // few long turns. So pieces are taken for at most SLICE_MS, then the event loop gets a turn.
    let sliceEnds = performance.now() + SLICE_MS;
    for (;;) {
      if (performance.now() >= sliceEnds) {
        await nextTurn();
        sliceEnds = performance.now() + SLICE_MS;
      }
      const piece = next(['rows', 'documents', 'terms', 'built']);
      worker.postMessage({ t: 'more' } satisfies ToWorker);
      const m = await piece;
      if (m.t === 'built') break;
      if (m.t === 'rows') {
        for (const p of m.passages) passages.push(p);
        for (const l of m.labels) labels.push(l);
        for (const b of m.bodies) bodies.push(b);
      } else if (m.t === 'documents') for (const d of m.documents) documents.push(d);
      else if (m.t === 'terms') {
        putPiece(trees[m.which], m.entries);
      }
    }
    return assembleIndex({
      search,
      documentSearch,
      passages,
      documents,
      labels,
      normalizedBodies: bodies,
      script: head.script,
      corpusHash: head.corpusHash,
      builtAt: new Date(head.builtAt),
    });
  }

  return {
    loaded: loaded.then(({ problems, documents, bytes }) => ({ problems, documents, bytes })),
    build,
    saved,
    stop: () => {
      worker.postMessage({ t: 'stop' } satisfies ToWorker);
    },
  };
}
