import type { Database } from 'better-sqlite3';
import { normalizeText } from '../engine/normalize.ts';
import { TOKENIZER_VERSION } from '../engine/tokenize.ts';
import { analyzeQuestion } from '../engine/question.ts';

/**
 * Which questions count as the same for /insights. Bump when `questionKey` changes: stored keys are
 * then recomputed when the log opens. (Changes to the tokenizer bump TOKENIZER_VERSION, which counts too.)
 */
export const QUESTION_KEY_VERSION = `1.${TOKENIZER_VERSION}`;

/**
 * The key under which questions count as the same: their content units (question words, function words,
 * punctuation and spacing dropped by the same analysis the search uses; NFKC, lower case, simplified),
 * sorted so word order does not split a group. "光年之外估值?" and "光年之外的估值是多少" both give
 * "之外 估值 光年". A question with no content words falls back to its normalised text without
 * punctuation or spaces.
 */
export function questionKey(question: string): string {
  const known = recentKeys.get(question);
  if (known !== undefined) return known;
  const units = analyzeQuestion(question).units.map((u) => u.text);
  const key = units.length > 0 ? units.sort().join(' ') : normalizeText(question).replace(/[\p{P}\p{S}\p{Z}\s]+/gu, '');
  if (recentKeys.size >= MAX_RECENT_KEYS) recentKeys.clear();
  recentKeys.set(question, key);
  return key;
}

/**
 * Keys of recent questions: one ask keys its question up to three times (the vote book, the mod log, the
 * query log), each a whole question analysis (jieba, dictionaries) without this. Bounded; a pure function's
 * results, so clearing it loses nothing but time.
 */
const recentKeys = new Map<string, string>();
const MAX_RECENT_KEYS = 2_000;

/**
 * Fills in missing keys, or recomputes all of them when they were made by another version of
 * `questionKey`, in one transaction. Keys are stored (rather than computed when /insights asks) so that
 * grouping is one SQL GROUP BY: computed per read, a year of distinct questions (~12 µs each) would
 * block the bot for seconds. Returns how many rows it keyed.
 */
export function rekeyQuestions(db: Database): number {
  const stored = db.prepare("SELECT value FROM meta WHERE name = 'question_key_version'").pluck().get() as
    string | undefined;
  const all = stored !== QUESTION_KEY_VERSION;
  const rows = db.prepare(`SELECT id, question FROM questions${all ? '' : ' WHERE qkey IS NULL'}`).all() as Array<{
    id: number;
    question: string;
  }>;
  // Nothing to do writes nothing: a read-only log still opens, and /insights can still read it.
  if (!all && rows.length === 0) return 0;
  const update = db.prepare('UPDATE questions SET qkey = ? WHERE id = ?');
  db.transaction(() => {
    for (const r of rows) update.run(questionKey(r.question), r.id);
    db.prepare(
      "INSERT INTO meta (name, value) VALUES ('question_key_version', ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value",
    ).run(QUESTION_KEY_VERSION);
  }).immediate();
  return rows.length;
}
