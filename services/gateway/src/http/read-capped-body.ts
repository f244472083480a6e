import type { IncomingMessage } from 'node:http';

export type CappedBody =
  { ok: true; body: Buffer } | { ok: false; reason: 'too_large' | 'aborted' };

/**
 * Reads the request body up to `maxBytes`. A declared Content-Length over the cap is refused
 * before reading anything; a chunked body is cut at the cap. Either way no more than the cap is
 * ever held in memory.
 */
export async function readCappedBody(req: IncomingMessage, maxBytes: number): Promise<CappedBody> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (Number.isFinite(declared) && declared > maxBytes) return { ok: false, reason: 'too_large' };
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of req) {
      const buffer = chunk as Buffer;
      size += buffer.byteLength;
      if (size > maxBytes) return { ok: false, reason: 'too_large' };
      chunks.push(buffer);
    }
  } catch {
    return { ok: false, reason: 'aborted' };
  }
  return { ok: true, body: Buffer.concat(chunks) };
}
