import type { Database } from 'better-sqlite3';

/** What to summarise. */
export interface InsightsOptions {
  /** The period: the last this many days. */
  days: number;
  /** How many entries each ranking lists. Default 10. */
  top?: number;
  /** The end of the period, ms since the epoch. Default now. */
  now?: number;
  /**
   * Only this server's questions and votes (DMs excluded): what /insights shows, so moderators of one
   * server never see another's questions. Absent: everything (the operator's CLI).
   */
  guildId?: string;
}

/** Questions that count as the same question (see `questionKey`). */
export interface QuestionGroup {
  /** The grouping key (`questionKey`): the question's content words, normalised and sorted. */
  key: string;
  /** The group's most frequent wording, as a member typed it. */
  example: string;
  /** How often it was asked, in all wordings (in `topUnanswered`: how often it went unanswered). */
  count: number;
  /** How many of those were answered. */
  answered: number;
  /** How many different members asked it (one member asking ten times is not ten members); in `topUnanswered`, without an answer. */
  askers: number;
}

/** A passage and the votes on answers that showed it. */
export interface PassageVotes {
  passageId: string;
  down: number;
  up: number;
}

/** What members asked in a period: the moderator's view of the query log. */
export interface Insights {
  days: number;
  from: Date;
  to: Date;
  questions: number;
  answered: number;
  /** answered / questions, 0–1; null when nothing was asked. */
  answeredShare: number | null;
  askers: number;
  votes: { up: number; down: number };
  /** Groups with unanswered questions, the most unanswered first. */
  topUnanswered: QuestionGroup[];
  /** All groups, the most asked first. */
  topAsked: QuestionGroup[];
  /** Passages shown in answers voted 👎, the most 👎 first. */
  mostDownvoted: PassageVotes[];
}

const DAY_MS = 86_400_000;

/**
 * Summarises the query log over a period: a handful of SQL queries over the period's rows, grouped by
 * the stored key (see questionKey.ts). Read-only; needs the current schema (SCHEMA_VERSION).
 */
export function computeInsights(db: Database, options: InsightsOptions): Insights {
  const to = options.now ?? Date.now();
  const from = to - options.days * DAY_MS;
  const top = options.top ?? 10;
  const params = { from, to, top, guild: options.guildId ?? null };
  // One WHERE clause for every query, with the server filter only when asked for.
  const where = (table: string): string =>
    `${table}.at >= @from AND ${table}.at <= @to${options.guildId === undefined ? '' : ` AND ${table}.guild_id = @guild`}`;
  const totals = db
    .prepare(
      `SELECT count(*) AS n, coalesce(sum(answered), 0) AS a, count(DISTINCT user_hash) AS u FROM questions WHERE ${where('questions')}`,
    )
    .get(params) as { n: number; a: number; u: number };
  const votes = db
    .prepare(
      `SELECT coalesce(sum(vote > 0), 0) AS up, coalesce(sum(vote < 0), 0) AS down FROM feedback WHERE ${where('feedback')}`,
    )
    .get(params) as { up: number; down: number };

  // The unanswered ranking counts only the times a question went unanswered: by whom, in which wording.
  const ranking = (unansweredOnly: boolean): QuestionGroup[] => {
    const scope = `${where('questions')}${unansweredOnly ? ' AND answered = 0' : ''}`;
    const groups = db
      .prepare(
        `SELECT qkey AS key, count(*) AS count, sum(answered) AS answered, count(DISTINCT user_hash) AS askers
         FROM questions WHERE ${scope} GROUP BY qkey ORDER BY count DESC, askers DESC, key LIMIT @top`,
      )
      .all(params) as Array<Omit<QuestionGroup, 'example'>>;
    // The most frequent wording; on a tie the shortest, which is usually the plainest.
    const example = db
      .prepare(
        `SELECT question FROM questions WHERE qkey = @key AND ${scope} GROUP BY question ORDER BY count(*) DESC, length(question), question LIMIT 1`,
      )
      .pluck();
    return groups.map((g) => ({ ...g, example: example.get({ ...params, key: g.key }) as string }));
  };

  // A vote is on a whole answer, so every passage it showed shares the 👎.
  const mostDownvoted = db
    .prepare(
      `SELECT j.value AS passageId, sum(f.vote < 0) AS down, sum(f.vote > 0) AS up
       FROM feedback AS f, json_each(f.passage_ids) AS j
       WHERE ${where('f')}
       GROUP BY j.value HAVING down > 0
       ORDER BY down DESC, up ASC, passageId LIMIT @top`,
    )
    .all(params) as PassageVotes[];

  return {
    days: options.days,
    from: new Date(from),
    to: new Date(to),
    questions: totals.n,
    answered: totals.a,
    answeredShare: totals.n === 0 ? null : totals.a / totals.n,
    askers: totals.u,
    votes,
    topUnanswered: ranking(true),
    topAsked: ranking(false),
    mostDownvoted,
  };
}
