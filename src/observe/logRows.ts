import type Database from 'better-sqlite3';
import type { FeedbackEvent, QuestionEvent } from '../events.ts';
import { questionKey } from './questionKey.ts';

/** Longer text is cut: a question is at most a few hundred characters, and the log must stay small. */
const MAX_QUESTION_CHARS = 1_000;

/** A row waiting to be written, as the statements bind it. */
export type Row =
  | {
      kind: 'question';
      at: number;
      path: string;
      guildId: string | null;
      userHash: string;
      locale: string | null;
      question: string;
      answered: number;
      passages: string;
      latencyMs: number;
      engineMs: number;
      replyMessageId: string | null;
    }
  | {
      kind: 'feedback';
      at: number;
      messageId: string;
      guildId: string | null;
      userHash: string;
      vote: number;
      question: string | null;
      passageIds: string;
    };

/** The row for a question: the user id hashed, the passages shown as [[id, score], ...]. */
export function questionRow(e: QuestionEvent, hash: (userId: string) => string, at: number): Row {
  return {
    kind: 'question',
    at,
    path: e.path,
    guildId: e.guildId,
    userHash: hash(e.userId),
    locale: e.locale,
    question: e.question.slice(0, MAX_QUESTION_CHARS),
    answered: e.answer.answered ? 1 : 0,
    passages: JSON.stringify(e.answer.passages.map((p) => [p.id, Math.round(p.score * 1000) / 1000])),
    latencyMs: Math.round(e.latencyMs),
    engineMs: Math.round(e.answer.tookMs * 100) / 100,
    replyMessageId: e.replyMessageId ?? null,
  };
}

/** The row for a vote. */
export function feedbackRow(e: FeedbackEvent, hash: (userId: string) => string, at: number): Row {
  return {
    kind: 'feedback',
    at,
    messageId: e.messageId,
    guildId: e.guildId,
    userHash: hash(e.userId),
    vote: e.vote === 'up' ? 1 : -1,
    question: e.question?.slice(0, MAX_QUESTION_CHARS) ?? null,
    passageIds: JSON.stringify(e.passageIds),
  };
}

/** Prepared statements for both kinds of row, and one transaction that writes a batch of them. */
export function prepareWriter(db: Database.Database): (rows: readonly Row[]) => void {
  const question = db.prepare(
    `INSERT INTO questions (at, path, guild_id, user_hash, locale, question, answered, passages, latency_ms, engine_ms, reply_message_id, qkey)
     VALUES (@at, @path, @guildId, @userHash, @locale, @question, @answered, @passages, @latencyMs, @engineMs, @replyMessageId, @qkey)`,
  );
  // The question row is found by the answer message's id. Rows are written in order, so the question
  // (asked before its answer could be voted on) is always in by the time its vote is.
  const feedback = db.prepare(
    `INSERT INTO feedback (at, message_id, guild_id, user_hash, vote, question, passage_ids, question_id)
     VALUES (@at, @messageId, @guildId, @userHash, @vote, @question, @passageIds,
             (SELECT id FROM questions WHERE reply_message_id = @messageId ORDER BY id DESC LIMIT 1))
     ON CONFLICT (message_id, user_hash) DO UPDATE SET vote = excluded.vote, at = excluded.at`,
  );
  return db.transaction((rows: readonly Row[]) => {
    for (const row of rows) {
      const { kind: _kind, ...params } = row;
      // The grouping key is computed here, in the flush, not on the answer path.
      if (row.kind === 'question') question.run({ ...params, qkey: questionKey(row.question) });
      else feedback.run(params);
    }
  });
}
