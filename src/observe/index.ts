import type { Config } from '../config.ts';
import type { BotObserver } from '../events.ts';
import { UserFacingError, describeError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { startHealthServer, type Health, type HealthServer } from './healthServer.ts';
import { createMetrics, type Metrics, type ServingState } from './metrics.ts';
import { createObserver } from './observer.ts';
import { QueryLog, type QueryLogOptions } from './queryLog.ts';

export type { ServingState } from './metrics.ts';

/** The settings observability reads. */
export type ObservabilityConfig = Pick<Config, 'dataDir' | 'queryLog' | 'queryLogDays' | 'metricsPort' | 'metricsHost'>;

/** The query log, the metrics and the operator's port, started together and stopped together. */
export interface Observability {
  /** Goes into BotContext.observer. */
  observer: BotObserver;
  /** Goes into BotContext.queryLog (for /insights); null when QUERY_LOG=off. */
  queryLog: QueryLog | null;
  /** Null when METRICS_PORT is unset: nobody would read them. */
  metrics: Metrics | null;
  /** Null when METRICS_PORT is unset. */
  server: HealthServer | null;
  /** Tells /healthz and wenda_gateway_ready whether the gateway connection is ready. */
  setGatewayReady(ready: boolean): void;
  /** Stops the server and writes what the log still holds. Safe to call twice. */
  close(): Promise<void>;
}

/** Extra knobs, mostly for tests and the measurement script. */
export interface ObservabilityOptions {
  queryLog?: Partial<Omit<QueryLogOptions, 'dataDir' | 'retentionDays' | 'logger'>>;
  /** Started at, for the uptime in /healthz. Default now. */
  startedAt?: Date;
}

/** The serving state of a library, for `startObservability`. */
export function servingStateOf(library: {
  readonly isOpen: boolean;
  readonly index: { documents: ReadonlyMap<string, unknown>; passages: readonly unknown[]; builtAt: Date };
}): () => ServingState {
  return () =>
    library.isOpen
      ? {
          index: {
            documents: library.index.documents.size,
            passages: library.index.passages.length,
            builtAt: library.index.builtAt,
          },
        }
      : { index: null };
}

/**
 * Opens the query log (unless QUERY_LOG=off: then no file is touched), creates the metrics and serves
 * /healthz and /metrics (when METRICS_PORT is set). The query log never fails start-up — it warns and
 * drops rows instead; a metrics port that cannot be had does (a UserFacingError naming the variables),
 * since an operator who set it expects to scrape it.
 */
export async function startObservability(
  config: ObservabilityConfig,
  logger: Logger,
  getState: () => ServingState,
  options: ObservabilityOptions = {},
): Promise<Observability> {
  const log = logger.child({ area: 'observe' });
  const startedAt = options.startedAt ?? new Date();
  const queryLog = config.queryLog
    ? QueryLog.open({ ...options.queryLog, dataDir: config.dataDir, retentionDays: config.queryLogDays, logger: log })
    : null;
  const metrics = config.metricsPort === null ? null : createMetrics(getState, queryLog);
  let gatewayReady = false;

  const health = (): Health => {
    const index = getState().index;
    return {
      ok: gatewayReady && index !== null,
      gateway: gatewayReady ? 'ready' : 'not ready',
      index,
      queryLog: queryLog?.status ?? 'off',
      uptimeSeconds: Math.round((Date.now() - startedAt.getTime()) / 1000),
    };
  };

  let server: HealthServer | null = null;
  if (config.metricsPort !== null && metrics) {
    try {
      server = await startHealthServer({
        host: config.metricsHost,
        port: config.metricsPort,
        registry: metrics.registry,
        health,
      });
      log.info({ host: server.address.host, port: server.address.port }, 'serving /healthz and /metrics');
    } catch (err) {
      queryLog?.close();
      throw new UserFacingError(
        'metrics.listen',
        { host: config.metricsHost, port: config.metricsPort, detail: describeError(err) },
        { cause: err },
      );
    }
  }

  let closed = false;
  return {
    observer: createObserver({ queryLog, metrics, logger: log }),
    queryLog,
    metrics,
    server,
    setGatewayReady(ready) {
      gatewayReady = ready;
      metrics?.setGatewayReady(ready);
    },
    async close() {
      if (closed) return;
      closed = true;
      try {
        await server?.close();
      } finally {
        queryLog?.close();
      }
    },
  };
}
