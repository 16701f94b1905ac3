import type { BotObserver } from '../events.ts';
import type { Metrics } from './metrics.ts';
import type { QueryLog, QueryLogLogger } from './queryLog.ts';

/** What the observer feeds; either part may be off. */
export interface ObserverParts {
  queryLog: QueryLog | null;
  metrics: Metrics | null;
  logger: Pick<QueryLogLogger, 'warn'>;
}

/**
 * The bot's observer: every event goes to the metrics and the query log. The bot calls these hooks on
 * its answer path and never waits for them, so none of them may throw: a failure is logged once per
 * hook and otherwise ignored.
 */
export function createObserver(parts: ObserverParts): Required<BotObserver> {
  const { queryLog, metrics, logger } = parts;
  const warned = new Set<string>();
  const safely = (hook: string, run: () => void): void => {
    try {
      run();
    } catch (err) {
      if (warned.has(hook)) return;
      warned.add(hook);
      logger.warn({ err, hook }, 'observer failed (reported once; answering is unaffected)');
    }
  };
  return {
    question: (e) =>
      safely('question', () => {
        metrics?.question(e);
        queryLog?.recordQuestion(e);
      }),
    feedback: (e) =>
      safely('feedback', () => {
        metrics?.feedback(e);
        queryLog?.recordFeedback(e);
      }),
    refused: (kind) => safely('refused', () => metrics?.refused(kind)),
    error: (kind) => safely('error', () => metrics?.error(kind)),
    reindexed: (ms, ok) => safely('reindexed', () => metrics?.reindexed(ms, ok)),
  };
}
