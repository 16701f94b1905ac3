import Database from 'better-sqlite3';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { QuestionPath } from '../../src/events.ts';
import { DB_FILE, QueryLog, type QueryLogOptions } from '../../src/observe/queryLog.ts';
import { KEY_FILE } from '../../src/observe/userHash.ts';
import { capturedLogger, feedbackEvent, questionEvent, tempDataDir } from './helpers.ts';

const DAY = 86_400_000;
let data: ReturnType<typeof tempDataDir>;
beforeEach(() => {
  data = tempDataDir();
});
afterEach(() => data.cleanup());

function open(over: Partial<QueryLogOptions> = {}): QueryLog {
  return QueryLog.open({
    dataDir: data.dir,
    retentionDays: 90,
    logger: capturedLogger().logger,
    flushEveryMs: 0,
    ...over,
  });
}

function rows<T>(sql: string): T[] {
  const db = new Database(join(data.dir, DB_FILE), { readonly: true });
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
}

describe('query log: questions', () => {
  it('writes a row per path, with the user id hashed and the raw id nowhere in the files', () => {
    const log = open();
    const paths: QuestionPath[] = ['ask', 'mention', 'reply', 'dm', 'more'];
    const userId = '987654321098765432';
    for (const path of paths)
      log.recordQuestion(questionEvent({ path, userId, guildId: path === 'dm' ? null : '100000000000000001' }));
    log.close();

    const got = rows<{ path: string; user_hash: string; guild_id: string | null; answered: number; passages: string }>(
      'SELECT path, user_hash, guild_id, answered, passages FROM questions ORDER BY id',
    );
    expect(got.map((r) => r.path)).toEqual(paths);
    expect(new Set(got.map((r) => r.user_hash)).size).toBe(1);
    expect(got[0]!.user_hash).toMatch(/^[0-9a-f]{32}$/);
    expect(got[3]!.guild_id).toBeNull();
    expect(JSON.parse(got[0]!.passages)).toEqual([
      ['ai.md#p5', 10],
      ['ai.md#p6', 9],
    ]);
    // Every byte of every file the log wrote (database, WAL, shared memory, key).
    for (const name of readdirSync(data.dir)) {
      expect(readFileSync(join(data.dir, name)).includes(userId), name).toBe(false);
    }
  });

  it('keeps the key and the database private (0600) and reuses the key, so a member stays one member across restarts', () => {
    const first = open();
    first.recordQuestion(questionEvent());
    first.close();
    expect(statSync(join(data.dir, KEY_FILE)).mode & 0o777).toBe(0o600);
    expect(statSync(join(data.dir, DB_FILE)).mode & 0o777).toBe(0o600);
    const second = open();
    second.recordQuestion(questionEvent());
    second.close();
    expect(rows<{ n: number }>('SELECT count(DISTINCT user_hash) AS n FROM questions')[0]!.n).toBe(1);
  });

  it('queues rows and writes them together, and close() writes what is left', () => {
    const log = open({ flushEveryMs: 60_000 });
    for (let i = 0; i < 3; i++) log.recordQuestion(questionEvent());
    expect(rows<{ n: number }>('SELECT count(*) AS n FROM questions')[0]!.n).toBe(0);
    log.close();
    expect(rows<{ n: number }>('SELECT count(*) AS n FROM questions')[0]!.n).toBe(3);
    expect(log.counts).toEqual({ written: 3, dropped: 0 });
  });
});

describe('query log: shared by shards', () => {
  it('lets two processes (here two connections) write the same file', () => {
    const a = open({ flushEveryMs: 60_000 });
    const b = open({ flushEveryMs: 60_000 });
    a.recordQuestion(questionEvent({ question: 'shard 0' }));
    b.recordQuestion(questionEvent({ question: 'shard 1' }));
    a.flush();
    b.flush();
    a.close();
    b.close();
    expect(rows<{ question: string }>('SELECT question FROM questions ORDER BY id')).toEqual([
      { question: 'shard 0' },
      { question: 'shard 1' },
    ]);
  });
});

describe('query log: feedback', () => {
  it('links a vote to the question whose reply was voted on, and a second vote replaces the first', () => {
    const log = open({ flushEveryMs: 60_000 });
    log.recordQuestion(questionEvent({ question: 'first', replyMessageId: '300000000000000001' }));
    log.recordQuestion(questionEvent({ question: 'second', replyMessageId: '300000000000000002' }));
    log.recordFeedback(feedbackEvent({ messageId: '300000000000000002', vote: 'down' }));
    log.recordFeedback(feedbackEvent({ messageId: '300000000000000002', vote: 'up' }));
    log.recordFeedback(feedbackEvent({ messageId: '300000000000000009', userId: '200000000000000003' }));
    log.close();

    const votes = rows<{ message_id: string; vote: number; question: string | null }>(
      'SELECT f.message_id, f.vote, q.question FROM feedback AS f LEFT JOIN questions AS q ON q.id = f.question_id ORDER BY f.id',
    );
    expect(votes).toEqual([
      { message_id: '300000000000000002', vote: 1, question: 'second' },
      // An answer the log never saw (sent before the bot filled replyMessageId): kept, unlinked.
      { message_id: '300000000000000009', vote: -1, question: null },
    ]);
  });
});

describe('query log: retention', () => {
  it('deletes rows older than QUERY_LOG_DAYS at start, and on prune()', () => {
    let now = Date.UTC(2025, 0, 1);
    const log = open({ now: () => now, retentionDays: 30 });
    log.recordQuestion(questionEvent({ question: 'old' }));
    log.recordFeedback(feedbackEvent());
    now += 20 * DAY;
    log.recordQuestion(questionEvent({ question: 'recent' }));
    now += 15 * DAY; // "old" is now 35 days old, "recent" 15
    expect(log.prune()).toBe(2); // the question and its vote
    log.close();
    expect(rows<{ question: string }>('SELECT question FROM questions')).toEqual([{ question: 'recent' }]);

    now += 20 * DAY; // "recent" is 35 days old: opening prunes it
    open({ now: () => now, retentionDays: 30 }).close();
    expect(rows('SELECT * FROM questions')).toEqual([]);
  });
});
