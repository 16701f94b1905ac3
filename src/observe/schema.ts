import type { Database } from 'better-sqlite3';

/**
 * The query log's schema, as an ordered list of migrations. The database's `user_version` says how
 * many have run; at start-up the missing ones run, all in one transaction, so a crash half-way leaves
 * the previous version intact. Never edit a migration that has shipped: append a new one.
 */
export const MIGRATIONS: readonly string[] = [
  // v1: one row per question, and the 👍/👎 clicks (one vote per user and answer message).
  `CREATE TABLE questions (
     id          INTEGER PRIMARY KEY,
     at          INTEGER NOT NULL,            -- ms since the epoch
     path        TEXT    NOT NULL,            -- ask | mention | reply | dm | more
     guild_id    TEXT,                        -- null in DMs
     user_hash   TEXT    NOT NULL,            -- HMAC-SHA256 of the user id, never the id itself
     locale      TEXT,
     question    TEXT    NOT NULL,
     answered    INTEGER NOT NULL,            -- 0 | 1
     passages    TEXT    NOT NULL,            -- JSON [[passage id, score], ...] as shown
     latency_ms  REAL    NOT NULL             -- interaction or message creation → reply sent
   );
   CREATE INDEX questions_at ON questions (at);
   CREATE TABLE feedback (
     id          INTEGER PRIMARY KEY,
     at          INTEGER NOT NULL,
     message_id  TEXT    NOT NULL,            -- the answer message voted on
     user_hash   TEXT    NOT NULL,
     vote        INTEGER NOT NULL,            -- 1 👍, -1 👎
     question    TEXT,
     passage_ids TEXT    NOT NULL,            -- JSON [passage id, ...]
     UNIQUE (message_id, user_hash)
   );
   CREATE INDEX feedback_at ON feedback (at);`,
  // v2: link a vote to its question row through the answer message's id; keep the engine's time apart
  // from the round trip (Discord's share of the latency is then visible); scope votes to their server,
  // so /insights in one server never shows another's; store each question's grouping key (filled in by
  // rekeyQuestions, which knows the version of the key in `meta`).
  `ALTER TABLE questions ADD COLUMN reply_message_id TEXT;
   ALTER TABLE questions ADD COLUMN engine_ms REAL;
   ALTER TABLE questions ADD COLUMN qkey TEXT;
   CREATE INDEX questions_reply ON questions (reply_message_id) WHERE reply_message_id IS NOT NULL;
   CREATE INDEX questions_key ON questions (qkey, at);
   ALTER TABLE feedback ADD COLUMN question_id INTEGER REFERENCES questions (id) ON DELETE SET NULL;
   ALTER TABLE feedback ADD COLUMN guild_id TEXT;
   CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);`,
];

/** The schema version this code writes. */
export const SCHEMA_VERSION = MIGRATIONS.length;

/** What `migrate` did. */
export interface MigrationReport {
  from: number;
  to: number;
}

/**
 * Brings a database up to SCHEMA_VERSION. Throws (changing nothing) when the file was written by a
 * newer version of the bot: guessing at a schema we do not know could lose its data.
 */
export function migrate(db: Database): MigrationReport {
  const from = db.pragma('user_version', { simple: true }) as number;
  if (from > SCHEMA_VERSION) {
    throw new Error(
      `the query log has schema version ${from}, newer than this bot's ${SCHEMA_VERSION}: upgrade the bot or move the file away`,
    );
  }
  if (from === SCHEMA_VERSION) return { from, to: from };
  db.transaction(() => {
    for (const sql of MIGRATIONS.slice(from)) db.exec(sql);
    // PRAGMA takes no bound parameters; the value is our own constant.
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  }).immediate();
  return { from, to: SCHEMA_VERSION };
}
