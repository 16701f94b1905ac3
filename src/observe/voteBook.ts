import type { PassageVotes, VoteMove } from '../engine/votes.ts';
import type { FeedbackEvent } from '../events.ts';
import { questionKey } from './questionKey.ts';

/** Questions with votes kept per server; past this the server's least recently voted question is forgotten. */
export const MAX_QUESTIONS_PER_GUILD = 2_000;
/** Questions with votes kept over all servers; past this the least recently voted one is forgotten. */
export const MAX_QUESTIONS = 20_000;
/** Moves remembered per server for /insights. */
const MAX_MOVES = 20;

/** A move of a passage by votes, as /insights lists it. */
export interface RecordedMove extends VoteMove {
  question: string;
  at: number;
}

interface Tally {
  up: Set<string>;
  down: Set<string>;
}

/** A vote as the query log stored it (the voter already hashed), to be counted again after a restart. */
export interface StoredVote {
  guildId: string;
  voter: string;
  vote: 'up' | 'down';
  question: string;
  passageId: string;
  /** The question's grouping key as the log stored it; null: computed from `question`. */
  qkey?: string | null;
}

/** How a vote book counts and how much it keeps. */
export interface VoteBookOptions {
  /** The clock, ms since the epoch (tests). */
  now?: () => number;
  /**
   * Who a voter is, from their Discord id: the query log's keyed hash when votes are stored there, so a
   * member who voted before a restart is the same member after it. Default: the id itself.
   */
  voterOf?: (userId: string) => string;
  /** Default MAX_QUESTIONS_PER_GUILD. */
  maxQuestionsPerGuild?: number;
  /** Default MAX_QUESTIONS. */
  maxQuestions?: number;
}

/**
 * Members' 👍/👎 per server, per question (grouped as the query log groups them), per passage: a vote counts
 * for the first passage the voted message showed (the one the answer led with), once per member (a member's
 * later vote replaces their earlier one). Held in memory, within bounds (questions per server and in all);
 * with a query log, the votes it stored are counted again at start (`replay`), so a restart keeps them.
 */
export class VoteBook {
  /** Keyed "server\nquestion key", least recently voted first. */
  private readonly tallies = new Map<string, Map<string, Tally>>();
  private readonly questionsPerGuild = new Map<string, number>();
  private readonly moves = new Map<string, RecordedMove[]>();
  private readonly now: () => number;
  private readonly voterOf: (userId: string) => string;
  private readonly maxPerGuild: number;
  private readonly maxQuestions: number;

  constructor(options: VoteBookOptions = {}) {
    this.now = options.now ?? Date.now;
    this.voterOf = options.voterOf ?? ((id) => id);
    this.maxPerGuild = options.maxQuestionsPerGuild ?? MAX_QUESTIONS_PER_GUILD;
    this.maxQuestions = options.maxQuestions ?? MAX_QUESTIONS;
  }

  /** Counts a vote; votes outside a server or without a question or passage are not counted. */
  record(event: FeedbackEvent): void {
    const passageId = event.passageIds[0];
    if (event.guildId === null || event.question === null || passageId === undefined) return;
    this.count(event.guildId, questionKey(event.question), passageId, this.voterOf(event.userId), event.vote);
  }

  /** Counts stored votes again, oldest first (the voters are already hashed). */
  replay(votes: Iterable<StoredVote>): void {
    // A question is usually voted on more than once: its grouping key (~12 µs) is computed once.
    const keys = new Map<string, string>();
    for (const v of votes) {
      let key = v.qkey ?? keys.get(v.question);
      if (key === undefined) keys.set(v.question, (key = questionKey(v.question)));
      this.count(v.guildId, key, v.passageId, v.voter, v.vote);
    }
  }

  /** How many questions have votes in a server. */
  questionsIn(guildId: string): number {
    return this.questionsPerGuild.get(guildId) ?? 0;
  }

  private count(guildId: string, qkey: string, passageId: string, voter: string, vote: 'up' | 'down'): void {
    const key = `${guildId}\n${qkey}`;
    let byPassage = this.tallies.get(key);
    if (byPassage)
      this.tallies.delete(key); // set again below: now the most recently voted
    else {
      byPassage = new Map();
      this.questionsPerGuild.set(guildId, this.questionsIn(guildId) + 1);
    }
    this.tallies.set(key, byPassage);
    let tally = byPassage.get(passageId);
    if (!tally) byPassage.set(passageId, (tally = { up: new Set(), down: new Set() }));
    (vote === 'up' ? tally.down : tally.up).delete(voter);
    (vote === 'up' ? tally.up : tally.down).add(voter);
    this.forgetOldest(guildId);
  }

  /** Keeps within bounds: forgets this server's least recently voted questions, then anyone's. */
  private forgetOldest(guildId: string): void {
    if (this.questionsIn(guildId) > this.maxPerGuild) {
      const prefix = `${guildId}\n`;
      for (const key of this.tallies.keys()) {
        if (!key.startsWith(prefix)) continue;
        this.forget(key);
        break;
      }
    }
    while (this.tallies.size > this.maxQuestions) this.forget(this.tallies.keys().next().value!);
  }

  private forget(key: string): void {
    this.tallies.delete(key);
    const guildId = key.slice(0, key.indexOf('\n'));
    const left = this.questionsIn(guildId) - 1;
    if (left > 0) this.questionsPerGuild.set(guildId, left);
    else this.questionsPerGuild.delete(guildId);
  }

  /** Votes on the passages of a question in a server (empty when none): cheap when the server has no votes. */
  votesFor(guildId: string | null, question: string): ReadonlyMap<string, PassageVotes> {
    if (guildId === null || !this.questionsPerGuild.has(guildId)) return new Map();
    const byPassage = this.tallies.get(`${guildId}\n${questionKey(question)}`);
    if (!byPassage) return new Map();
    return new Map([...byPassage].map(([id, t]) => [id, { up: t.up.size, down: t.down.size }]));
  }

  /**
   * Remembers passages that votes moved in an answer, for /insights (one entry per question and passage);
   * the passages that only made way for them are not listed.
   */
  noteMoves(guildId: string, question: string, all: readonly VoteMove[]): void {
    const moves = all.filter((m) => m.net !== 0);
    if (moves.length === 0) return;
    const list = (this.moves.get(guildId) ?? []).filter(
      (m) => !moves.some((n) => n.id === m.id && questionKey(m.question) === questionKey(question)),
    );
    for (const m of moves) list.unshift({ ...m, question, at: this.now() });
    this.moves.set(guildId, list.slice(0, MAX_MOVES));
  }

  /** The latest moves in a server, newest first. */
  movesIn(guildId: string): readonly RecordedMove[] {
    return this.moves.get(guildId) ?? [];
  }
}
