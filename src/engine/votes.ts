import type { AnswerPassage } from './types.ts';

/**
 * Members' votes move passages, within bounds: for one question (grouped as the query log groups them), a
 * passage voted 👎 by several members sinks and one voted 👍 rises, but never past a passage that covers
 * the question better (the engine's coverage), so votes reorder near-equals and cannot bury the answer.
 */

/** Votes on one passage for one question: how many distinct members voted each way. */
export interface PassageVotes {
  up: number;
  down: number;
}

/** How votes move passages. */
export interface VoteOptions {
  /** Net votes (👍 − 👎, distinct members) a passage needs before it moves at all. Default 2 ("repeatedly"). */
  minNet: number;
  /** Score change per net vote past zero, as a share of the score. Default 0.15. */
  step: number;
  /** Net votes counted at most, each way (so the change is at most step × maxNet). Default 3. */
  maxNet: number;
}

export const defaultVoteOptions: Readonly<VoteOptions> = Object.freeze({ minNet: 2, step: 0.15, maxNet: 3 });

/** A passage that moved, for /insights. */
export interface VoteMove {
  id: string;
  from: number;
  to: number;
  net: number;
}

function netOf(votes: PassageVotes | undefined, opts: VoteOptions): number {
  if (!votes) return 0;
  const net = votes.up - votes.down;
  if (Math.abs(net) < opts.minNet) return 0;
  return Math.max(-opts.maxNet, Math.min(opts.maxNet, net));
}

/**
 * The passages reordered by votes (ranks renumbered from 1), and which moved. Adjacent passages swap
 * while the lower one's voted score is higher and its coverage is at least the upper one's: every passage
 * a voted one passes covers the question no better than it does.
 */
export function applyVotes(
  passages: readonly AnswerPassage[],
  votes: ReadonlyMap<string, PassageVotes>,
  options: Partial<VoteOptions> = {},
): { passages: AnswerPassage[]; moves: VoteMove[] } {
  const opts = { ...defaultVoteOptions, ...options };
  const items = passages.map((p, i) => {
    const net = netOf(votes.get(p.id), opts);
    return { p, from: i, net, voted: p.score * (1 + opts.step * net) };
  });
  if (items.every((it) => it.net === 0)) return { passages: [...passages], moves: [] };
  for (let swapped = true; swapped;) {
    swapped = false;
    for (let i = 0; i + 1 < items.length; i++) {
      const upper = items[i]!;
      const lower = items[i + 1]!;
      if (lower.voted > upper.voted && lower.p.coverage >= upper.p.coverage) {
        items[i] = lower;
        items[i + 1] = upper;
        swapped = true;
      }
    }
  }
  const moves = items.flatMap((it, to) =>
    it.from === to ? [] : [{ id: it.p.id, from: it.from + 1, to: to + 1, net: it.net }],
  );
  return { passages: items.map((it, i) => ({ ...it.p, rank: i + 1 })), moves };
}
