import type { Database } from 'better-sqlite3';
import type { StoredVote } from './voteBook.ts';

/**
 * The latest `limit` votes cast in servers on an answer with a question and a passage, oldest first: what
 * the vote book counted before a restart. A member's changed vote on one answer is one row (the query log
 * keeps the latest), and rows older than the log's retention are gone, so this is bounded in time and count.
 */
export function readStoredVotes(db: Database, limit: number): StoredVote[] {
  const rows = db
    .prepare(
      `SELECT guild_id AS guildId, user_hash AS voter, vote, question, json_extract(passage_ids, '$[0]') AS passageId
         FROM feedback
        WHERE guild_id IS NOT NULL AND question IS NOT NULL AND json_extract(passage_ids, '$[0]') IS NOT NULL
        ORDER BY at DESC, id DESC
        LIMIT ?`,
    )
    .all(limit) as Array<Omit<StoredVote, 'vote'> & { vote: number }>;
  return rows.reverse().map((r) => ({ ...r, vote: r.vote > 0 ? 'up' : 'down' }));
}
