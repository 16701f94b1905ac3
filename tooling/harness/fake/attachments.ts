import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { APIAttachment } from 'discord.js';
import { CHANNEL_ID, nextSnowflake } from './ids.ts';
import type { FakeDiscordServer } from './server.ts';

/** Serving options of {@link FakeDiscord.serveAttachment} (fault injection: a server that lies about the size). */
export interface AttachmentServing {
  /** Stream the body without a content-length header, in chunks of this many bytes (default: one write). */
  chunkBytes?: number;
  /** With chunkBytes: send the true content-length after all (a client can then refuse on the headers). */
  contentLength?: boolean;
}

/** What happened to one GET of an attachment. */
export interface AttachmentDownload {
  /** The name given to {@link FakeDiscord.serveAttachment}, or `channel/id/filename` for {@link FakeDiscord.addAttachment}. */
  name: string;
  /** Body bytes written before the response ended or the client went away. */
  bytesSent: number;
  /** False while streaming; true once the response ended or was cut off. */
  done: boolean;
  /** True when the client closed the connection before the whole body was sent. */
  aborted: boolean;
}

export interface StoredAttachment {
  data: Uint8Array;
  contentType: string;
  /** The Content-Length header to send, or null for none. */
  contentLength: number | null;
  chunkBytes: number | null;
  status: number;
  stallAfterBytes: number | null;
}

export function serveAttachmentRequest(
  fake: FakeDiscordServer,
  req: IncomingMessage,
  res: ServerResponse,
  name: string,
): void {
  const a = fake.state.attachments.get(name);
  if (!a) {
    res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ message: 'Unknown attachment' }));
    return;
  }
  const download: AttachmentDownload = { name, bytesSent: 0, done: false, aborted: false };
  fake.attachmentDownloads.push(download);
  res.on('close', () => {
    download.done = true;
    download.aborted = !res.writableFinished;
    fake.notify();
  });
  const headers: Record<string, string> = { 'content-type': a.contentType };
  if (a.contentLength !== null) headers['content-length'] = String(a.contentLength);
  res.writeHead(a.status, headers);
  fake.notify();
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  void streamAttachment(fake, res, a, download);
}

/** Writes an attachment (in chunks if asked, yielding so a client can hang up); stalls or cuts off if asked. */
export async function streamAttachment(
  fake: FakeDiscordServer,
  res: ServerResponse,
  a: StoredAttachment,
  download: AttachmentDownload,
): Promise<void> {
  const limit = Math.min(a.stallAfterBytes ?? a.data.byteLength, a.data.byteLength);
  const step = a.chunkBytes ?? Math.max(limit, 1);
  for (let at = 0; at < limit && !res.destroyed && !fake.state.closed; at += step) {
    const chunk = a.data.subarray(at, Math.min(at + step, limit));
    download.bytesSent += chunk.byteLength;
    if (!res.write(chunk)) await Promise.race([once(res, 'drain'), once(res, 'close')]);
    if (a.chunkBytes !== null) await new Promise((r) => setImmediate(r));
  }
  if (res.destroyed || fake.state.closed) return;
  if (a.stallAfterBytes !== null && a.stallAfterBytes < a.data.byteLength) return; // until close() cuts it
  // A Content-Length larger than the body: cut the connection instead of ending cleanly.
  if (a.contentLength !== null && a.contentLength > a.data.byteLength) res.destroy();
  else res.end();
}

/** Argument of {@link FakeDiscord.addAttachment}. */
export interface AttachmentSpec {
  readonly filename: string;
  readonly content: string | Uint8Array;
  readonly contentType?: string;
  /** The `size` declared in the attachment object (default: the real size). A server may lie. */
  readonly size?: number;
  /** Content-Length header: the real length (default), none (chunked), or a number (a lie). */
  readonly contentLength?: 'exact' | 'none' | number;
  /** Write the body in chunks of this many bytes, yielding between them (so a client can hang up mid-way). */
  readonly chunkBytes?: number;
  /** HTTP status of the download (default 200). */
  readonly status?: number;
  /** Send this many bytes, then stall until {@link FakeDiscord.close} (for download timeouts). */
  readonly stallAfterBytes?: number;
  readonly channelId?: string;
  readonly id?: string;
  readonly description?: string;
}

/**
 * Registers a file to be downloaded from the fake; returns the attachment object to put in a message or a
 * command option (`{ attachment }`). Its `url` carries Discord-like signature parameters (`?ex=…&is=…&hm=…`),
 * so code that reads the extension from the URL is caught. Downloads appear in {@link FakeDiscord.attachmentDownloads}.
 */
export function addAttachment(fake: FakeDiscordServer, spec: AttachmentSpec): APIAttachment {
  const data = typeof spec.content === 'string' ? Buffer.from(spec.content, 'utf8') : spec.content;
  const id = spec.id ?? nextSnowflake();
  const channelId = spec.channelId ?? CHANNEL_ID;
  const contentType = spec.contentType ?? guessContentType(spec.filename);
  const contentLength = spec.contentLength ?? 'exact';
  fake.state.attachments.set(`${channelId}/${id}/${spec.filename}`, {
    data,
    contentType,
    contentLength: contentLength === 'exact' ? data.byteLength : contentLength === 'none' ? null : contentLength,
    chunkBytes: spec.chunkBytes ?? null,
    status: spec.status ?? 200,
    stallAfterBytes: spec.stallAfterBytes ?? null,
  });
  const signature = `ex=${Math.floor(Date.now() / 1000 + 86_400).toString(16)}&is=${Math.floor(Date.now() / 1000).toString(16)}&hm=${randomBytes(32).toString('hex')}&`;
  const url = `${fake.baseUrl}/attachments/${channelId}/${id}/${encodeURIComponent(spec.filename)}?${signature}`;
  return {
    id,
    filename: spec.filename,
    size: spec.size ?? data.byteLength,
    url,
    proxy_url: url,
    content_type: contentType,
    ...(spec.description === undefined ? {} : { description: spec.description }),
  };
}

export function guessContentType(filename: string): string {
  const ext = filename.toLowerCase().split('.').pop() ?? '';
  const types: Record<string, string> = {
    md: 'text/markdown; charset=utf-8',
    txt: 'text/plain; charset=utf-8',
    json: 'application/json',
    html: 'text/html; charset=utf-8',
    pdf: 'application/pdf',
    png: 'image/png',
    jpg: 'image/jpeg',
    jpeg: 'image/jpeg',
    gif: 'image/gif',
  };
  return types[ext] ?? 'application/octet-stream';
}
