import Database from 'better-sqlite3';
import { chmodSync, existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startObservability, type ObservabilityConfig } from '../../src/observe/index.ts';
import { DB_FILE, QueryLog, type QueryLogOptions } from '../../src/observe/queryLog.ts';
import { capturedLogger, feedbackEvent, questionEvent, tempDataDir } from './helpers.ts';

let data: ReturnType<typeof tempDataDir>;
beforeEach(() => {
  data = tempDataDir();
});
afterEach(() => data.cleanup());

const file = (): string => join(data.dir, DB_FILE);
const config = (over: Partial<ObservabilityConfig> = {}): ObservabilityConfig => ({
  dataDir: data.dir,
  queryLog: true,
  queryLogDays: 90,
  metricsPort: null,
  metricsHost: '127.0.0.1',
  ...over,
});
const indexLoaded = () => ({ index: { documents: 1, passages: 10, builtAt: new Date() } });

/** Creates a valid, migrated log with one row, then closes it. */
function createLog(): void {
  const log = QueryLog.open({ dataDir: data.dir, retentionDays: 90, logger: capturedLogger().logger, flushEveryMs: 0 });
  log.recordQuestion(questionEvent());
  log.close();
}

/** Asks 50 questions through a real observer over a log opened with `queryLog` options; returns the warnings. */
async function askMany(
  queryLog: Partial<QueryLogOptions> = {},
): Promise<{ warnings: Array<Record<string, unknown>>; counted: string; dropped: string; status: string }> {
  const { logger, warnings } = capturedLogger();
  const obs = await startObservability(config({ metricsPort: 0 }), logger, indexLoaded, {
    queryLog: { flushEveryMs: 0, ...queryLog },
  });
  for (let i = 0; i < 50; i++) {
    obs.observer.question?.(questionEvent({ question: `q${i}` }));
    obs.observer.feedback?.(feedbackEvent({ messageId: `3000000000000000${i + 10}` }));
  }
  const counted = await obs.metrics!.registry.getSingleMetricAsString('wenda_questions_total');
  const dropped = await obs.metrics!.registry.getSingleMetricAsString('wenda_query_log_dropped_total');
  const status = obs.queryLog!.status;
  await obs.close();
  return { warnings: warnings(), counted, dropped, status };
}

describe('a database that cannot be written never stops answering', () => {
  it('corrupt file: warns once, drops rows, metrics still count', async () => {
    writeFileSync(file(), Buffer.alloc(8192, 0x5a));
    const { warnings, counted, dropped, status } = await askMany();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ during: 'open', code: 'SQLITE_NOTADB', file: file() });
    expect(status).toBe('unavailable');
    expect(counted).toContain('wenda_questions_total{path="ask",outcome="answered"} 50');
    expect(dropped).toContain('wenda_query_log_dropped_total 100'); // 50 questions, 50 votes
  });

  it('read-only database: warns once and keeps going', async () => {
    createLog();
    // Root ignores file modes, so the read-only case is opened read-only (SQLite then fails writes exactly as for a 0444 file).
    const { warnings, status } = await askMany({ openDatabase: (f) => new Database(f, { readonly: true }) });
    expect(warnings).toHaveLength(1);
    // The first write is the prune at start-up.
    expect(warnings[0]).toMatchObject({ during: 'prune', code: 'SQLITE_READONLY' });
    expect(status).toBe('degraded');
  });

  it.skipIf(process.getuid?.() === 0)('read-only file (0444): warns once and keeps going', async () => {
    createLog();
    chmodSync(file(), 0o444);
    const { warnings } = await askMany();
    expect(warnings).toHaveLength(1);
  });

  it('full database: warns once and keeps going', async () => {
    createLog();
    const { warnings } = await askMany({
      openDatabase: (f) => {
        const db = new Database(f);
        db.pragma(`max_page_count = ${(db.pragma('page_count', { simple: true }) as number) + 1}`);
        return db;
      },
    });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ during: 'write', code: 'SQLITE_FULL' });
  });

  it('locked database: drops rows while locked, writes again after the retry delay, warns once', () => {
    createLog();
    const { logger, warnings, lines } = capturedLogger();
    let now = Date.now();
    const log = QueryLog.open({
      dataDir: data.dir,
      retentionDays: 90,
      logger,
      flushEveryMs: 0,
      now: () => now,
      retryAfterMs: 60_000,
    });
    const other = new Database(file());
    other.exec('BEGIN IMMEDIATE'); // another writer holds the lock (someone at the sqlite3 prompt)
    log.recordQuestion(questionEvent({ question: 'while locked' }));
    log.recordQuestion(questionEvent({ question: 'still locked' }));
    expect(log.status).toBe('degraded');
    other.exec('ROLLBACK');
    other.close();
    log.recordQuestion(questionEvent({ question: 'too soon to retry' }));
    now += 61_000;
    log.recordQuestion(questionEvent({ question: 'after the retry delay' }));
    log.close();
    expect(warnings()).toHaveLength(1);
    expect(warnings()[0]).toMatchObject({ code: 'SQLITE_BUSY' });
    expect(lines.some((l) => l.msg === 'query log is writing again')).toBe(true);
    expect(log.counts).toEqual({ written: 1, dropped: 3 });
    const db = new Database(file(), { readonly: true });
    expect(db.prepare('SELECT question FROM questions ORDER BY id').pluck().all()).toEqual([
      '贾扬清在哪里宣布离职的?',
      'after the retry delay',
    ]);
    db.close();
  });
});

describe('QUERY_LOG=off', () => {
  it('writes nothing at all: no database, no key, not even DATA_DIR', async () => {
    const dataDir = join(data.dir, 'never-created');
    const { logger } = capturedLogger();
    const obs = await startObservability(config({ dataDir, queryLog: false }), logger, indexLoaded);
    obs.observer.question?.(questionEvent());
    obs.observer.feedback?.(feedbackEvent());
    expect(obs.queryLog).toBeNull();
    await obs.close();
    expect(existsSync(dataDir)).toBe(false);
    expect(readdirSync(data.dir)).toEqual([]);
  });
});
