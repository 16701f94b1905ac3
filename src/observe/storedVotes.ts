import type { Database } from 'better-sqlite3';
import type { StoredVote } from './voteBook.ts';

/**
 * The latest `limit` votes cast in servers on an answer with a question and a passage, oldest first: what
 * the vote book counted before a restart. A member's changed vote on one answer is one row (the query log
 * keeps the latest), and rows older than the log's retention are gone, so this is bounded in time and count.
 */
export function readStoredVotes(db: Database, limit: number): StoredVote[] {
  // The grouping key the log stored with the voted answer's question (kept current by rekeyQuestions),
  // so that replaying does not compute it again; null when the vote is not linked to a question row.
  const rows = db
    .prepare(
      `SELECT f.guild_id AS guildId, f.user_hash AS voter, f.vote AS vote, f.question AS question,
              json_extract(f.passage_ids, '$[0]') AS passageId, q.qkey AS qkey
         FROM feedback f LEFT JOIN questions q ON q.id = f.question_id
        WHERE f.guild_id IS NOT NULL AND f.question IS NOT NULL AND json_extract(f.passage_ids, '$[0]') IS NOT NULL
        ORDER BY f.at DESC, f.id DESC
        LIMIT ?`,
    )
    .all(limit) as Array<Omit<StoredVote, 'vote'> & { vote: number }>;
  return rows.reverse().map((r) => ({ ...r, vote: r.vote > 0 ? 'up' : 'down' }));
}
