import Database from 'better-sqlite3';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { questionKey } from '../../src/observe/questionKey.ts';
import { DB_FILE, QueryLog } from '../../src/observe/queryLog.ts';
import { MIGRATIONS, SCHEMA_VERSION, migrate } from '../../src/observe/schema.ts';
import { capturedLogger, feedbackEvent, questionEvent, tempDataDir } from './helpers.ts';

let data: ReturnType<typeof tempDataDir>;
beforeEach(() => {
  data = tempDataDir();
});
afterEach(() => data.cleanup());

const file = (): string => join(data.dir, DB_FILE);
const columns = (db: Database.Database, table: string): string[] =>
  (db.prepare(`PRAGMA table_info(${table})`).all() as Array<{ name: string }>).map((c) => c.name);

/** The schema as version 1 of the bot shipped it, written out by hand (not through MIGRATIONS). */
function createV1(db: Database.Database): void {
  db.exec(`
    CREATE TABLE questions (id INTEGER PRIMARY KEY, at INTEGER NOT NULL, path TEXT NOT NULL, guild_id TEXT, user_hash TEXT NOT NULL,
      locale TEXT, question TEXT NOT NULL, answered INTEGER NOT NULL, passages TEXT NOT NULL, latency_ms REAL NOT NULL);
    CREATE INDEX questions_at ON questions (at);
    CREATE TABLE feedback (id INTEGER PRIMARY KEY, at INTEGER NOT NULL, message_id TEXT NOT NULL, user_hash TEXT NOT NULL,
      vote INTEGER NOT NULL, question TEXT, passage_ids TEXT NOT NULL, UNIQUE (message_id, user_hash));
    CREATE INDEX feedback_at ON feedback (at);
    INSERT INTO questions (at, path, guild_id, user_hash, locale, question, answered, passages, latency_ms)
      VALUES (${Date.now()}, 'ask', '100000000000000001', 'abc', 'en-US', 'kept across the upgrade', 1, '[]', 80);
    PRAGMA user_version = 1;`);
}

describe('schema migrations', () => {
  it('creates the current schema in an empty file', () => {
    writeFileSync(file(), '');
    const log = QueryLog.open({
      dataDir: data.dir,
      retentionDays: 90,
      logger: capturedLogger().logger,
      flushEveryMs: 0,
    });
    expect(log.status).toBe('ok');
    log.recordQuestion(questionEvent({ replyMessageId: '300000000000000001' }));
    log.close();
    const db = new Database(file(), { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.prepare('SELECT reply_message_id FROM questions').pluck().get()).toBe('300000000000000001');
    db.close();
  });

  it('migrates a version 1 file, keeping its rows, and says so in the log', () => {
    const v1 = new Database(file());
    createV1(v1);
    v1.close();
    const { logger, lines } = capturedLogger();
    const log = QueryLog.open({ dataDir: data.dir, retentionDays: 90, logger, flushEveryMs: 0 });
    log.recordQuestion(questionEvent({ replyMessageId: '300000000000000001' }));
    log.recordFeedback(feedbackEvent({ messageId: '300000000000000001' }));
    log.close();
    expect(lines.find((l) => l.msg === 'query log schema migrated')).toMatchObject({ from: 1, to: SCHEMA_VERSION });

    const db = new Database(file(), { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(columns(db, 'questions')).toEqual(expect.arrayContaining(['reply_message_id', 'engine_ms']));
    expect(columns(db, 'feedback')).toEqual(expect.arrayContaining(['question_id', 'guild_id']));
    expect(db.prepare('SELECT question FROM questions ORDER BY id').pluck().all()).toEqual([
      'kept across the upgrade',
      '贾扬清在哪里宣布离职的?',
    ]);
    expect(db.prepare('SELECT question_id FROM feedback').pluck().get()).toBe(2);
    // The old row got its grouping key, so /insights groups it with new ones.
    expect(db.prepare('SELECT qkey FROM questions WHERE id = 1').pluck().get()).toBe(
      questionKey('kept across the upgrade'),
    );
    expect(lines.find((l) => l.msg === 'query log questions regrouped')).toMatchObject({ rows: 1 });
    db.close();
  });

  it('recomputes every stored grouping key when the key function has changed since they were written', () => {
    const first = QueryLog.open({
      dataDir: data.dir,
      retentionDays: 90,
      logger: capturedLogger().logger,
      flushEveryMs: 0,
    });
    first.recordQuestion(questionEvent({ question: '光年之外的估值是多少' }));
    first.close();
    const db = new Database(file());
    db.exec(
      "UPDATE questions SET qkey = 'stale'; UPDATE meta SET value = 'an older version' WHERE name = 'question_key_version'",
    );
    db.close();
    QueryLog.open({ dataDir: data.dir, retentionDays: 90, logger: capturedLogger().logger, flushEveryMs: 0 }).close();
    const after = new Database(file(), { readonly: true });
    expect(after.prepare('SELECT qkey FROM questions').pluck().get()).toBe(questionKey('光年之外估值?'));
    after.close();
  });

  it('runs all missing migrations in one transaction: a failure leaves the old version untouched', () => {
    const db = new Database(file());
    createV1(db);
    // A column the next migration will try to add makes it fail half-way.
    db.exec('ALTER TABLE feedback ADD COLUMN guild_id TEXT');
    expect(() => migrate(db)).toThrow(/duplicate column/);
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    expect(columns(db, 'questions')).not.toContain('reply_message_id');
    db.close();
  });

  it('refuses a file from a newer version of the bot, changing nothing', () => {
    const db = new Database(file());
    db.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    expect(() => migrate(db)).toThrow(/newer than this bot/);
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length + 1);
    db.close();
  });
});
