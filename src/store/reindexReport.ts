import type { Message } from '../words/index.ts';
import type { CorpusProblem } from './corpus.ts';

/** What a reindex changed: the moderator's receipt. */
export interface ReindexReport {
  /** False when the new corpus could not be used: the old index stays live. */
  ok: boolean;
  /** True for a caller that joined a rebuild already running. */
  shared: boolean;
  added: string[];
  removed: string[];
  changed: string[];
  documentsBefore: number;
  documentsAfter: number;
  passagesBefore: number;
  passagesAfter: number;
  tookMs: number;
  /** Files skipped, and why. */
  problems: CorpusProblem[];
  /** Why the reindex failed, when it did (English, for logs). */
  error: string | null;
  /** A stable code for why it failed (`corpus.empty`, `corpus.tooLarge`, `corpus.unreadable` …). */
  errorCode: string | null;
  /** Why it failed, as a catalogue message (src/words/) for the reader's language. */
  errorWords: Message | null;
}
