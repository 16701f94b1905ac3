import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { FeedbackEvent, QuestionEvent } from '../events.ts';

/** What the bot is serving right now, read at every scrape and health check. */
export interface ServingState {
  /** The live index, or null before one is loaded. */
  index: { documents: number; passages: number; builtAt: Date } | null;
}

/** The query log's side of the metrics. */
export interface LogCounts {
  status: string;
  counts: { written: number; dropped: number };
}

/** The bot's Prometheus metrics, on a registry of their own (never prom-client's global one). */
export interface Metrics {
  registry: Registry;
  question(e: QuestionEvent): void;
  feedback(e: FeedbackEvent): void;
  refused(kind: string): void;
  error(kind: string): void;
  reindexed(ms: number, ok: boolean): void;
  setGatewayReady(ready: boolean): void;
}

/** Engine time is sub-millisecond to tens of ms; the round trip through Discord is tens of ms to seconds. */
const ENGINE_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1];
const ROUND_TRIP_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 10];

/**
 * Creates the metrics. Gauges about the index and the query log are read when scraped, so they are
 * right after a reindex without anyone remembering to update them.
 */
export function createMetrics(getState: () => ServingState, log: LogCounts | null = null): Metrics {
  const registry = new Registry();
  const registers = [registry];
  collectDefaultMetrics({ register: registry });

  const questions = new Counter({
    name: 'wenda_questions_total',
    help: 'Questions answered, by path (ask, mention, reply, dm, more) and outcome (answered, unanswered).',
    labelNames: ['path', 'outcome'] as const,
    registers,
  });
  const engine = new Histogram({
    name: 'wenda_answer_engine_seconds',
    help: 'Time the engine took to answer a question (search, rank, abstain).',
    buckets: ENGINE_BUCKETS,
    registers,
  });
  const roundTrip = new Histogram({
    name: 'wenda_answer_latency_seconds',
    help: 'From the interaction or message being created to the reply being sent, by path.',
    labelNames: ['path'] as const,
    buckets: ROUND_TRIP_BUCKETS,
    registers,
  });
  /** A counter of this registry with one label. */
  const counter = <L extends string>(name: string, help: string, label: L): Counter<L> =>
    new Counter({ name, help, labelNames: [label], registers });
  const votes = counter('wenda_feedback_total', 'Votes on answers, by vote (up, down).', 'vote');
  const refusals = counter('wenda_refusals_total', 'Requests refused, by kind (cooldown, permission).', 'kind');
  const errors = counter(
    'wenda_errors_total',
    'Errors while handling a request, by kind (user: a message told the user what to fix; bug: logged with its stack).',
    'kind',
  );
  const reindexes = counter('wenda_reindexes_total', 'Reindexes, by outcome (ok, failed).', 'outcome');
  const reindexSeconds = new Histogram({
    name: 'wenda_reindex_duration_seconds',
    help: 'How long a reindex took.',
    buckets: [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
    registers,
  });
  const gateway = new Gauge({
    name: 'wenda_gateway_ready',
    help: '1 while the Discord gateway connection is ready, else 0.',
    registers,
  });
  gateway.set(0);

  /** A gauge of this registry whose value is read at each scrape. */
  const readGauge = (name: string, help: string, read: () => number): Gauge =>
    new Gauge({
      name,
      help,
      registers,
      collect() {
        this.set(read());
      },
    });
  readGauge(
    'wenda_index_documents',
    'Documents in the live index (0 before one is loaded).',
    () => getState().index?.documents ?? 0,
  );
  readGauge(
    'wenda_index_passages',
    'Passages in the live index (0 before one is loaded).',
    () => getState().index?.passages ?? 0,
  );
  if (log) {
    readGauge(
      'wenda_query_log_up',
      '1 while the query log is writing, 0 when it is dropping rows after a failure.',
      () => (log.status === 'ok' ? 1 : 0),
    );
    new Counter({
      name: 'wenda_query_log_dropped_total',
      help: 'Query log rows dropped because the database could not be written.',
      registers,
      collect() {
        this.reset();
        this.inc(log.counts.dropped);
      },
    });
  }

  return {
    registry,
    question(e) {
      questions.inc({ path: e.path, outcome: e.answer.answered ? 'answered' : 'unanswered' });
      engine.observe(e.answer.tookMs / 1000);
      roundTrip.observe({ path: e.path }, e.latencyMs / 1000);
    },
    feedback(e) {
      votes.inc({ vote: e.vote });
    },
    refused(kind) {
      refusals.inc({ kind });
    },
    error(kind) {
      errors.inc({ kind });
    },
    reindexed(ms, ok) {
      reindexes.inc({ outcome: ok ? 'ok' : 'failed' });
      reindexSeconds.observe(ms / 1000);
    },
    setGatewayReady(ready) {
      gateway.set(ready ? 1 : 0);
    },
  };
}
