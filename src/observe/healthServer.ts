import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';

/** What /healthz reports; `ok` decides 200 or 503. */
export interface Health {
  ok: boolean;
  [detail: string]: unknown;
}

export interface HealthServerOptions {
  host: string;
  /** 0 picks a free port (tests); `address.port` then says which. */
  port: number;
  registry: Registry;
  health: () => Health;
}

export interface HealthServer {
  /** Where it listens (the real port when 0 was asked for). */
  address: { host: string; port: number };
  close(): Promise<void>;
}

/**
 * The operator's port: `GET /healthz` (200 when the bot can answer, 503 otherwise, with JSON detail
 * either way), `GET /metrics` (Prometheus text), 404 for anything else. Resolves once listening;
 * rejects when the port cannot be had (taken, not permitted).
 */
export async function startHealthServer(options: HealthServerOptions): Promise<HealthServer> {
  const server = createServer((req, res) => {
    handle(req, res, options).catch((err: unknown) => {
      // A metric collector that throws must not take the server down; the scraper sees a 500.
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`error: ${err instanceof Error ? err.message : String(err)}\n`);
    });
  });
  // Keep-alive sockets from a scraper would otherwise hold close() open until they time out.
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    address: { host: options.host, port },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function handle(req: IncomingMessage, res: ServerResponse, options: HealthServerOptions): Promise<void> {
  const path = (req.url ?? '/').split('?')[0];
  if (req.method === 'GET' && path === '/healthz') {
    const health = options.health();
    res.writeHead(health.ok ? 200 : 503, {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
    });
    res.end(`${JSON.stringify(health)}\n`);
  } else if (req.method === 'GET' && path === '/metrics') {
    const text = await options.registry.metrics();
    res.writeHead(200, { 'content-type': options.registry.contentType });
    res.end(text);
  } else {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('not found: try GET /healthz or GET /metrics\n');
  }
}
