import { parentPort, workerData } from 'node:worker_threads';
import { buildIndexSteps, type SearchIndex } from '../engine/searchIndex.ts';
import { describeError, messageOf, UserFacingError } from '../errors.ts';
import { loadCorpus } from './corpus.ts';
import { saveSnapshot } from './snapshot.ts';
import { internalsOf } from '../engine/miniSearchInternals.ts';
import { treePieces } from './termTree.ts';
import { STATE_FIELDS, type BuildJob, type FromWorker, type MiniSearchState, type ToWorker } from './workerBuild.ts';

/**
 * The index-build worker: reads the corpus, builds the index, hands it to the answering thread in
 * small pieces (one piece per acknowledgement, so the receiving thread never has a long message queue
 * to drain), then saves the snapshot. All the garbage of a build stays in this thread's heap, which
 * is freed when it exits.
 */

/** About how many terms one piece of a term tree carries (a few ms to receive), and passages one piece of rows. */
const PIECE_TERMS = 1_500;
const PIECE_ROWS = 400;

const port = parentPort!;
const job = workerData as BuildJob;
const send = (message: FromWorker): void => port.postMessage(message);

let wake: ((message: ToWorker) => void) | null = null;
port.on('message', (message: ToWorker) => {
  const w = wake;
  wake = null;
  w?.(message);
});
const reply = (): Promise<ToWorker> => new Promise((resolve) => (wake = resolve));

function state(search: object): MiniSearchState {
  const m = internalsOf(search);
  return Object.fromEntries(STATE_FIELDS.map((field) => [field, m[field]])) as unknown as MiniSearchState;
}

async function sendIndex(index: SearchIndex): Promise<void> {
  send({
    t: 'head',
    corpusHash: index.corpusHash,
    builtAt: index.builtAt.toISOString(),
    script: { hanShare: index.hanShare(), hanCharacters: index.hanCharacters() },
    search: state(index.search),
    documentSearch: state(index.documentSearch),
  });
  await reply();
  const bodies = index.passages.map((_, i) => index.normalizedText(i).body.text);
  for (let i = 0; i < index.passages.length; i += PIECE_ROWS) {
    send({
      t: 'rows',
      passages: index.passages.slice(i, i + PIECE_ROWS),
      labels: index.labels.slice(i, i + PIECE_ROWS),
      bodies: bodies.slice(i, i + PIECE_ROWS),
    });
    await reply();
  }
  for (let i = 0; i < index.documentList.length; i += PIECE_ROWS) {
    send({ t: 'documents', documents: index.documentList.slice(i, i + PIECE_ROWS) });
    await reply();
  }
  for (const which of ['search', 'documentSearch'] as const) {
    for (const entries of treePieces(internalsOf(index[which])._index._tree, PIECE_TERMS)) {
      send({ t: 'terms', which, entries });
      await reply();
    }
  }
  send({ t: 'built' });
}

async function main(): Promise<void> {
  const corpus = await loadCorpus(job.corpusDir, job.load);
  send({
    t: 'loaded',
    problems: corpus.problems,
    documents: corpus.documents.length,
    bytes: corpus.documents.reduce((sum, d) => sum + d.bytes, 0),
  });
  if ((await reply()).t !== 'build') return;
  const steps = buildIndexSteps(corpus.documents, job.split);
  let index: SearchIndex;
  let reported = 0;
  for (;;) {
    const step = steps.next();
    if (step.done) {
      index = step.value;
      break;
    }
    const { done, total } = step.value;
    if (total > 0 && (done - reported >= 500 || done === total)) {
      reported = done;
      send({ t: 'progress', done, total });
    }
  }
  corpus.documents.length = 0;
  await sendIndex(index);
  if (job.snapshotFile) {
    try {
      const bytes = await saveSnapshot(index, job.snapshotFile, {
        manifest: corpus.manifest,
        problems: corpus.problems,
      });
      send({ t: 'saved', bytes });
    } catch (err) {
      send({ t: 'saved', bytes: 0, error: describeError(err) });
    }
  }
}

main().then(
  () => port.close(),
  (err: unknown) => {
    send({
      t: 'failed',
      code: err instanceof UserFacingError ? err.code : 'reindex.error',
      message: describeError(err),
      words: messageOf(err),
    });
    port.close();
  },
);
