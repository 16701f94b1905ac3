import type { PassageVotes, VoteMove } from '../engine/votes.ts';
import type { FeedbackEvent } from '../events.ts';
import { questionKey } from './questionKey.ts';

/** Questions (per server) whose votes are kept; past this the oldest question is forgotten. */
const MAX_QUESTIONS = 20_000;
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

/**
 * Members' 👍/👎 per server, per question (grouped as the query log groups them), per passage: a vote counts
 * for the first passage the voted message showed (the one the answer led with), once per member (a member's
 * later vote replaces their earlier one). Kept in memory: a restart starts the tally again.
 */
export class VoteBook {
  private readonly tallies = new Map<string, Map<string, Tally>>();
  private readonly guildsWithVotes = new Set<string>();
  private readonly moves = new Map<string, RecordedMove[]>();
  private readonly now: () => number;

  constructor(now: () => number = Date.now) {
    this.now = now;
  }

  /** Counts a vote; votes outside a server or without a question or passage are not counted. */
  record(event: FeedbackEvent): void {
    const passageId = event.passageIds[0];
    if (event.guildId === null || event.question === null || passageId === undefined) return;
    const key = `${event.guildId}\n${questionKey(event.question)}`;
    let byPassage = this.tallies.get(key);
    if (!byPassage) {
      if (this.tallies.size >= MAX_QUESTIONS) this.tallies.delete(this.tallies.keys().next().value!);
      this.tallies.set(key, (byPassage = new Map()));
    }
    let tally = byPassage.get(passageId);
    if (!tally) byPassage.set(passageId, (tally = { up: new Set(), down: new Set() }));
    (event.vote === 'up' ? tally.down : tally.up).delete(event.userId);
    (event.vote === 'up' ? tally.up : tally.down).add(event.userId);
    this.guildsWithVotes.add(event.guildId);
  }

  /** Votes on the passages of a question in a server (empty when none): cheap when the server has no votes. */
  votesFor(guildId: string | null, question: string): ReadonlyMap<string, PassageVotes> {
    if (guildId === null || !this.guildsWithVotes.has(guildId)) return new Map();
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
