import Database from 'better-sqlite3';
import { chmodSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { FeedbackEvent, QuestionEvent } from '../events.ts';
import { computeInsights, type Insights, type InsightsOptions } from './insights.ts';
import { feedbackRow, prepareWriter, questionRow, type Row } from './logRows.ts';
import { rekeyQuestions } from './questionKey.ts';
import { migrate } from './schema.ts';
import { loadOrCreateKey, userHasher } from './userHash.ts';
import { readStoredVotes } from './storedVotes.ts';
import type { StoredVote } from './voteBook.ts';

/** The database file in DATA_DIR. */
export const DB_FILE = 'query-log.sqlite';

/** The logging the query log does (a subset of pino's API). */
export interface QueryLogLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface QueryLogOptions {
  /** Where the database and its key live (created when missing). */
  dataDir: string;
  /** Rows older than this many days are deleted at open and then daily. */
  retentionDays: number;
  logger: QueryLogLogger;
  /**
   * Rows are queued and written together this often, in ms; 0 writes each row inside the call.
   * Default 1,000: see DEFAULT_FLUSH_MS for the measurement behind it.
   */
  flushEveryMs?: number;
  /** Rows waiting beyond this are dropped (the database is slow or down). Default 10,000. */
  maxQueued?: number;
  /** After a failed write, writes are dropped for this long before one is tried again, ms. Default 60,000. */
  retryAfterMs?: number;
  /** The clock, ms since the epoch (tests). */
  now?: () => number;
  /** Opens the database file (tests simulate read-only or full databases through it). */
  openDatabase?: (file: string) => Database.Database;
}

/**
 * Queue, and write in one transaction every second, rather than one INSERT per question: measured with
 * `tooling/measureQueryLog.ts` (WAL, synchronous=NORMAL, 5,000 questions), a prepared INSERT with its own
 * commit and grouping key costs the answer path ~30–40 µs at the median and 0.2–1.6 ms at the p99 (a WAL
 * auto-checkpoint lands inside whichever question commits then) — a fifth of the engine's own ~0.15 ms.
 * Queued, a question costs ~4 µs (a hash and a push); the flush takes ~1.5 ms per 100 rows, off the
 * answer path. Losing the last second of analytics in a crash is the price, and it is cheap.
 */
export const DEFAULT_FLUSH_MS = 1_000;
const DAY_MS = 86_400_000;
/**
 * Once answering, wait at most 100 ms for a lock (not better-sqlite3's 5 s, which would freeze the bot):
 * enough for another shard's flush (about a millisecond); anything longer is reported and dropped.
 */
const BUSY_TIMEOUT_MS = 100;

/** What the log is doing: writing, dropping rows after a failure (retrying later), never opened, closed. */
export type QueryLogStatus = 'ok' | 'degraded' | 'unavailable' | 'closed';

/**
 * The query log: every question and vote, in SQLite. It never throws into its caller and never blocks
 * answering: a database that cannot be opened or written is reported once as a warning, and rows are
 * then dropped (retrying now and then) while the bot keeps answering.
 */
export class QueryLog {
  readonly file: string;
  /** Rows written and dropped since start. */
  readonly counts = { written: 0, dropped: 0 };
  private db: Database.Database | null = null;
  private write: ((rows: readonly Row[]) => void) | null = null;
  private hash: ((userId: string) => string) | null = null;
  private queue: Row[] = [];
  private timer: NodeJS.Timeout | null = null;
  private pruneTimer: NodeJS.Timeout | null = null;
  private state: QueryLogStatus = 'unavailable';
  private warned = false;
  private retryAt = 0;
  private readonly options: Required<Omit<QueryLogOptions, 'openDatabase'>> & Pick<QueryLogOptions, 'openDatabase'>;

  /** Opens (creating and migrating) the log. Never throws: a failure leaves it 'unavailable' with one warning. */
  static open(options: QueryLogOptions): QueryLog {
    const log = new QueryLog(options);
    log.start();
    return log;
  }

  private constructor(options: QueryLogOptions) {
    this.options = {
      flushEveryMs: DEFAULT_FLUSH_MS,
      maxQueued: 10_000,
      retryAfterMs: 60_000,
      now: Date.now,
      ...options,
    };
    this.file = join(options.dataDir, DB_FILE);
  }

  get status(): QueryLogStatus {
    return this.state;
  }

  /** Records a question (queued, or written at once when flushEveryMs is 0). */
  recordQuestion(e: QuestionEvent): void {
    if (this.accepting()) this.push(questionRow(e, this.hash!, this.options.now()));
  }

  /** Records a 👍/👎; a second vote by the same member on the same answer replaces the first. */
  recordFeedback(e: FeedbackEvent): void {
    if (this.accepting()) this.push(feedbackRow(e, this.hash!, this.options.now()));
  }

  /** A member's id as the log stores it (its keyed hash); null when the log could not be opened. */
  hashUser(userId: string): string | null {
    return this.hash?.(userId) ?? null;
  }

  /**
   * The latest votes in servers (at most `limit`), oldest first, for the vote book to count again after a
   * restart; empty when the log is not readable. Flushes first.
   */
  storedVotes(limit: number): StoredVote[] {
    this.flush();
    const db = this.db;
    if (!db || this.state === 'closed') return [];
    return this.guard('read', () => readStoredVotes(db, limit)) ?? [];
  }

  /** Writes the queued rows now, in one transaction. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.queue.length === 0 || !this.write) return;
    const rows = this.queue;
    this.queue = [];
    const written = this.guard('write', () => {
      this.write!(rows);
      return true;
    });
    if (written) this.counts.written += rows.length;
    else this.counts.dropped += rows.length;
  }

  /** Deletes rows older than the retention period; returns how many went. */
  prune(): number {
    const db = this.db;
    if (!db || this.state === 'closed') return 0;
    const cutoff = this.options.now() - this.options.retentionDays * DAY_MS;
    return (
      this.guard('prune', () =>
        db
          .transaction(() => {
            const votes = db.prepare('DELETE FROM feedback WHERE at < ?').run(cutoff).changes;
            return votes + db.prepare('DELETE FROM questions WHERE at < ?').run(cutoff).changes;
          })
          .immediate(),
      ) ?? 0
    );
  }

  /** What members asked in a period, or null when the log is not readable. Flushes first, so it includes the last questions. */
  insights(options: InsightsOptions): Insights | null {
    this.flush();
    const db = this.db;
    if (!db || this.state === 'closed') return null;
    return this.guard('read', () => computeInsights(db, { now: this.options.now(), ...options })) ?? null;
  }

  /** Writes what is queued and closes the database. Safe to call twice. */
  close(): void {
    if (this.state === 'closed') return;
    this.flush();
    if (this.pruneTimer) clearInterval(this.pruneTimer);
    try {
      this.db?.close();
    } catch {
      // Closing a broken database has nothing left to lose.
    }
    this.db = null;
    this.state = 'closed';
  }

  private start(): void {
    try {
      this.hash = userHasher(loadOrCreateKey(this.options.dataDir));
      const created = !existsSync(this.file);
      // At start-up, wait as long as another shard's migration may take; see BUSY_TIMEOUT_MS for later.
      const db = this.options.openDatabase?.(this.file) ?? new Database(this.file, { timeout: 5_000 });
      this.db = db;
      // Members' questions are nobody else's business on a shared host (SQLite gives the WAL the same mode).
      if (created) chmodSync(this.file, 0o600);
      // WAL: the insights CLI reads while the bot writes. NORMAL: no fsync per commit (a power cut may lose
      // the last second of analytics, never corrupt the file).
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.pragma('foreign_keys = ON');
      const { from, to } = migrate(db);
      if (from !== to) this.options.logger.info({ file: this.file, from, to }, 'query log schema migrated');
      const rekeyed = rekeyQuestions(db);
      if (rekeyed > 0) this.options.logger.info({ file: this.file, rows: rekeyed }, 'query log questions regrouped');
      db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
      this.write = prepareWriter(db);
      this.state = 'ok';
    } catch (err) {
      this.fail('open', err);
      this.state = 'unavailable';
      try {
        this.db?.close();
      } catch {
        // Already reported.
      }
      this.db = null;
      return;
    }
    this.prune();
    this.pruneTimer = setInterval(() => this.prune(), DAY_MS);
    this.pruneTimer.unref();
  }

  private accepting(): boolean {
    if (this.state === 'ok') return true;
    if (this.state === 'degraded' && this.options.now() >= this.retryAt) return true;
    if (this.state !== 'closed') this.counts.dropped++;
    return false;
  }

  private push(row: Row): void {
    if (this.queue.length >= this.options.maxQueued) {
      this.counts.dropped++;
      return;
    }
    this.queue.push(row);
    if (this.options.flushEveryMs === 0) this.flush();
    else if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), this.options.flushEveryMs);
      // A pending flush must not keep a finished CLI or test alive; close() flushes what is left.
      this.timer.unref();
    }
  }

  /**
   * Runs a database operation (which returns a value other than undefined); on failure warns (once) and
   * returns undefined instead of throwing.
   */
  private guard<T>(during: 'write' | 'prune' | 'read', op: () => T): T | undefined {
    try {
      const out = op();
      if (during === 'write' && this.state === 'degraded') {
        this.state = 'ok';
        this.options.logger.info({ file: this.file }, 'query log is writing again');
      }
      return out;
    } catch (err) {
      this.fail(during, err);
      return undefined;
    }
  }

  private fail(during: string, err: unknown): void {
    if (this.state !== 'unavailable') this.state = 'degraded';
    this.retryAt = this.options.now() + this.options.retryAfterMs;
    if (this.warned) return;
    this.warned = true;
    const code = (err as { code?: unknown }).code;
    this.options.logger.warn(
      { err, code, during, file: this.file },
      'query log unavailable: questions are not being recorded (answering is unaffected). A corrupt file can be moved away to start a new log.',
    );
  }
}
