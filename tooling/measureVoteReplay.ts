// What keeping votes across a restart costs at start: MAX_REPLAYED_VOTES stored votes (distinct questions
// over 10 servers, each linked to its question row, as a busy bot's query log holds them) counted again by a new vote book.
// Run: `node --import tsx tooling/measureVoteReplay.ts`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAX_REPLAYED_VOTES, voteBookOf } from '../src/discord/votes.ts';
import { QueryLog } from '../src/observe/queryLog.ts';

const dir = mkdtempSync(join(tmpdir(), 'vote-replay-'));
const logger = { info: () => {}, warn: () => {} };
try {
  const log = QueryLog.open({ dataDir: dir, retentionDays: 90, logger, flushEveryMs: 60_000 });
  for (let i = 0; i < MAX_REPLAYED_VOTES; i++) {
    const question = `光年之外第${i % 4_000}轮融资的估值是多少`;
    const guildId = String(200_000_000_000_000_000n + BigInt(i % 10));
    const messageId = String(900_000_000_000_000_000n + BigInt(i));
    log.recordQuestion({
      path: 'ask',
      guildId,
      userId: '1',
      locale: null,
      question,
      answer: { question, answered: true, tookMs: 0, passages: [], terms: [], matchedTerms: [] },
      latencyMs: 1,
      replyMessageId: messageId,
    });
    log.recordFeedback({
      vote: i % 3 === 0 ? 'up' : 'down',
      userId: String(700_000_000_000_000_000n + BigInt(i % 500)),
      guildId,
      question,
      passageIds: [`ai-2-0-founders.md#p${i % 40}`],
      messageId,
    });
  }
  log.close();
  const runs: number[] = [];
  for (let run = 0; run < 5; run++) {
    const reopened = QueryLog.open({ dataDir: dir, retentionDays: 90, logger });
    const started = performance.now();
    const book = voteBookOf({ queryLog: reopened });
    runs.push(performance.now() - started);
    if (run === 0) console.log(`questions kept in one server: ${book.questionsIn('200000000000000000')}`);
    reopened.close();
  }
  runs.sort((a, b) => a - b);
  console.log(
    `replaying ${MAX_REPLAYED_VOTES} stored votes: median ${runs[2]!.toFixed(0)} ms (min ${runs[0]!.toFixed(0)}, max ${runs[4]!.toFixed(0)})`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
