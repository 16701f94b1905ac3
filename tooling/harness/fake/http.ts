import type { IncomingMessage, ServerResponse } from 'node:http';
import { serveAttachmentRequest } from './attachments.ts';
import type { RestFault } from './faults.ts';
import type { RecordedFile, RecordedRequest } from './records.ts';
import type { RouteResult } from './routes.ts';
import type { FakeDiscordServer } from './server.ts';

export const MAX_BODY_BYTES = 64 * 1024 * 1024;

export async function handleRequest(fake: FakeDiscordServer, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (fake.state.closed) {
    res.destroy();
    return;
  }
  const url = new URL(req.url ?? '/', fake.baseUrl);
  const rawPath = url.pathname;
  const decoded = rawPath
    .split('/')
    .map((seg) => {
      try {
        return decodeURIComponent(seg);
      } catch {
        return seg;
      }
    })
    .join('/');
  if ((req.method === 'GET' || req.method === 'HEAD') && decoded.startsWith('/attachments/')) {
    req.resume();
    serveAttachmentRequest(fake, req, res, decoded.slice('/attachments/'.length));
    return;
  }
  let buffer: Buffer;
  try {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        res
          .writeHead(413, { 'content-type': 'application/json' })
          .end(JSON.stringify({ message: 'Request entity too large', code: 40005 }));
        return;
      }
      chunks.push(chunk);
    }
    buffer = Buffer.concat(chunks);
  } catch {
    return;
  }
  const apiMatch = /^\/api(?:\/v(\d+))?(\/.*)?$/.exec(decoded);
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers))
    if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  const contentType = headers['content-type'] ?? '';
  let body: unknown = null;
  const files: RecordedFile[] = [];
  if (buffer.length > 0) {
    if (contentType.startsWith('multipart/form-data')) {
      try {
        const form = await new Response(buffer, { headers: { 'content-type': contentType } }).formData();
        for (const [field, value] of form) {
          if (typeof value === 'string') {
            if (field === 'payload_json') body = JSON.parse(value);
          } else {
            files.push({
              field,
              name: value.name,
              size: value.size,
              contentType: value.type,
              data: new Uint8Array(await value.arrayBuffer()),
            });
          }
        }
      } catch {
        body = null;
      }
    } else {
      const text = buffer.toString('utf8');
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
      }
    }
  }
  const request: RecordedRequest = {
    seq: ++fake.state.requestSeq,
    at: Date.now(),
    method: (req.method ?? 'GET').toUpperCase(),
    path: apiMatch ? (apiMatch[2] ?? '/') : decoded,
    rawPath,
    api: apiMatch !== null,
    version: apiMatch?.[1] ? Number(apiMatch[1]) : null,
    query: url.searchParams,
    headers,
    authorization: headers.authorization,
    body,
    rawBody: buffer.toString('utf8'),
    files,
    route: null,
    status: null,
    response: undefined,
    fault: null,
  };
  fake.state.requests.push(request);
  fake.state.log(`${request.method} ${request.path}`);
  const callback = request.method === 'POST' ? /^\/interactions\/([^/]+)\/([^/]+)\/callback$/.exec(request.path) : null;
  if (callback) {
    const state = fake.state.interactions.get(callback[1] ?? '');
    if (state && state.token === callback[2]) state.callbacks.push(request);
  }
  for (const listener of fake.state.requestListeners) listener(request);
  fake.notify();
  if (fake.restDelayMs > 0) {
    await pause(fake, fake.restDelayMs);
    if (fake.state.closed) return;
  }

  const fault = takeFault(fake, request);
  if (fault) {
    switch (fault.kind) {
      case 'respond':
        request.fault = `respond ${fault.status}`;
        sendResult(fake, res, request, {
          status: fault.status,
          ...(fault.body === undefined ? {} : { body: fault.body }),
          ...(fault.headers ? { headers: { ...fault.headers } } : {}),
        });
        return;
      case 'reset':
        request.fault = 'reset';
        fake.notify();
        req.socket.destroy();
        return;
      case 'hang':
        request.fault = 'hang';
        fake.notify();
        return;
      case 'delay':
        request.fault = `delay ${fault.ms}ms`;
        fake.notify();
        await pause(fake, fault.ms);
        if (fake.state.closed) return;
        break;
    }
  }

  let result: RouteResult = { status: 404, body: { message: 'Unknown route', code: 0 } };
  for (const route of request.api ? fake.state.routes : []) {
    if (route.method !== request.method) continue;
    const m = route.regex.exec(request.path);
    if (!m) continue;
    request.route = `${route.method} ${route.pattern}`;
    if (route.auth && fake.token !== null && request.authorization !== `Bot ${fake.token}`) {
      result = { status: 401, body: { message: '401: Unauthorized', code: 0 } };
      break;
    }
    try {
      result = route.handle({ request, params: { ...m.groups } });
    } catch (err) {
      result = {
        status: 500,
        body: { message: `fake Discord handler error: ${err instanceof Error ? err.message : String(err)}`, code: 0 },
      };
    }
    break;
  }
  sendResult(fake, res, request, result);
}

export function takeFault(fake: FakeDiscordServer, request: RecordedRequest): RestFault | null {
  for (const f of fake.state.faults) {
    if (f.remaining > 0 && f.matches(request)) {
      f.remaining -= 1;
      f.hits += 1;
      return f.fault;
    }
  }
  return null;
}

export function sendResult(
  fake: FakeDiscordServer,
  res: ServerResponse,
  request: RecordedRequest,
  result: RouteResult,
): void {
  request.status = result.status;
  request.response = result.body;
  const headers: Record<string, string> = { ...result.headers };
  if (result.body === undefined || result.status === 204) {
    res.writeHead(result.status, headers).end();
  } else {
    headers['content-type'] ??= 'application/json';
    res.writeHead(result.status, headers).end(JSON.stringify(result.body));
  }
  fake.notify();
  if (result.after)
    setImmediate(() => {
      if (!fake.state.closed) result.after?.();
    });
}

export function pause(fake: FakeDiscordServer, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const entry = {
      timer: setTimeout(() => {
        fake.state.timers.delete(entry);
        resolve();
      }, ms),
      resolve,
    };
    fake.state.timers.add(entry);
  });
}
