import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startObservability, type Observability, type ServingState } from '../../src/observe/index.ts';
import { capturedLogger, feedbackEvent, questionEvent, tempDataDir } from './helpers.ts';

let data: ReturnType<typeof tempDataDir>;
let obs: Observability;
let state: ServingState;
const url = (path: string): string => `http://127.0.0.1:${obs.server!.address.port}${path}`;

beforeEach(async () => {
  data = tempDataDir();
  state = { index: null };
  obs = await startObservability(
    { dataDir: data.dir, queryLog: true, queryLogDays: 90, metricsPort: 0, metricsHost: '127.0.0.1' },
    capturedLogger().logger,
    () => state,
    { queryLog: { flushEveryMs: 0 } },
  );
});
afterEach(async () => {
  await obs.close();
  data.cleanup();
});

/** The value of one sample in Prometheus text, e.g. `wenda_questions_total{path="ask",outcome="answered"}`. */
async function sample(series: string): Promise<number | null> {
  const text = await (await fetch(url('/metrics'))).text();
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? null : Number(line.slice(series.length + 1));
}

describe('/healthz', () => {
  it('is 503 until the gateway is ready and an index is loaded, then 200, with the detail as JSON', async () => {
    const first = await fetch(url('/healthz'));
    expect(first.status).toBe(503);
    expect(await first.json()).toMatchObject({ ok: false, gateway: 'not ready', index: null, queryLog: 'ok' });

    state = { index: { documents: 2, passages: 40, builtAt: new Date(0) } };
    expect((await fetch(url('/healthz'))).status).toBe(503); // index but no gateway

    obs.setGatewayReady(true);
    const ready = await fetch(url('/healthz'));
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ ok: true, gateway: 'ready', index: { documents: 2, passages: 40 } });

    obs.setGatewayReady(false); // a disconnect
    expect((await fetch(url('/healthz'))).status).toBe(503);
  });

  it('answers 404 to anything else on that port', async () => {
    expect((await fetch(url('/'))).status).toBe(404);
    expect((await fetch(url('/healthz/x'))).status).toBe(404);
    expect((await fetch(url('/metrics'), { method: 'POST' })).status).toBe(404);
  });
});

describe('/metrics', () => {
  it('serves Prometheus text with the process defaults', async () => {
    const res = await fetch(url('/metrics'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    expect(text).toContain('# TYPE wenda_questions_total counter');
    expect(text).toContain('process_cpu_user_seconds_total');
    expect(text).toContain('nodejs_eventloop_lag_seconds');
  });

  it('moves the counters and histograms as questions, votes, refusals, errors and reindexes happen', async () => {
    expect(await sample('wenda_questions_total{path="ask",outcome="answered"}')).toBeNull();
    obs.observer.question?.(questionEvent({ path: 'ask' }));
    obs.observer.question?.(questionEvent({ path: 'ask' }));
    obs.observer.question?.(questionEvent({ path: 'dm', passages: [], latencyMs: 700 }));
    obs.observer.feedback?.(feedbackEvent());
    obs.observer.refused?.('cooldown', 'ask');
    obs.observer.error?.('bug', '/ask');
    obs.observer.reindexed?.(1_500, true);
    expect(await sample('wenda_questions_total{path="ask",outcome="answered"}')).toBe(2);
    expect(await sample('wenda_questions_total{path="dm",outcome="unanswered"}')).toBe(1);
    expect(await sample('wenda_answer_engine_seconds_count')).toBe(3);
    expect(await sample('wenda_answer_latency_seconds_bucket{le="0.5",path="dm"}')).toBe(0);
    expect(await sample('wenda_answer_latency_seconds_bucket{le="1",path="dm"}')).toBe(1);
    expect(await sample('wenda_feedback_total{vote="down"}')).toBe(1);
    expect(await sample('wenda_refusals_total{kind="cooldown"}')).toBe(1);
    expect(await sample('wenda_errors_total{kind="bug"}')).toBe(1);
    expect(await sample('wenda_reindexes_total{outcome="ok"}')).toBe(1);
    expect(await sample('wenda_reindex_duration_seconds_sum')).toBe(1.5);
  });

  it('reads the index and gateway gauges at scrape time', async () => {
    expect(await sample('wenda_index_passages')).toBe(0);
    expect(await sample('wenda_gateway_ready')).toBe(0);
    state = { index: { documents: 3, passages: 120, builtAt: new Date() } };
    obs.setGatewayReady(true);
    expect(await sample('wenda_index_documents')).toBe(3);
    expect(await sample('wenda_index_passages')).toBe(120);
    expect(await sample('wenda_gateway_ready')).toBe(1);
    expect(await sample('wenda_query_log_up')).toBe(1);
  });
});

describe('start and stop', () => {
  it('refuses a port that is taken, naming the variables', async () => {
    const port = obs.server!.address.port;
    await expect(
      startObservability(
        { dataDir: data.dir, queryLog: false, queryLogDays: 90, metricsPort: port, metricsHost: '127.0.0.1' },
        capturedLogger().logger,
        () => state,
      ),
    ).rejects.toThrow(/METRICS_HOST, METRICS_PORT.*EADDRINUSE/);
  });

  it('frees the port on close', async () => {
    const port = obs.server!.address.port;
    await obs.close();
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
  });
});
