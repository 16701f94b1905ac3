import { UserFacingError } from '../errors.ts';

/**
 * Downloads an attachment, refusing it before the download completes when it is larger than
 * `maxBytes`: by its declared size first, then by the bytes actually received (a server can lie).
 */
export async function downloadAttachment(
  url: string,
  declaredSize: number,
  maxBytes: number,
  timeoutMs = 15_000,
): Promise<Uint8Array> {
  const tooLarge = (size: number): UserFacingError =>
    new UserFacingError('document.fileTooLarge', { size, max: maxBytes }, { code: 'document.tooLarge' });
  if (declaredSize > maxBytes) throw tooLarge(declaredSize);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const response = await fetch(url, { signal: controller.signal });
    if (!response.ok || !response.body) throw new UserFacingError('document.download', { status: response.status });
    const length = Number(response.headers.get('content-length') ?? 0);
    if (length > maxBytes) throw tooLarge(length);
    const chunks: Uint8Array[] = [];
    let received = 0;
    for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
      received += chunk.length;
      if (received > maxBytes) {
        controller.abort();
        throw tooLarge(received);
      }
      chunks.push(chunk);
    }
    return Buffer.concat(chunks);
  } catch (err) {
    if (err instanceof UserFacingError) throw err;
    throw new UserFacingError('document.downloadFailed', {}, { cause: err, code: 'document.download' });
  } finally {
    clearTimeout(timer);
    // Lets go of the connection whatever happened: a body left unread (refused on its Content-Length,
    // or an HTTP error) would otherwise keep the socket, and the sender streaming, until a timeout.
    controller.abort();
  }
}
