import type { Readable } from 'node:stream';
import { UpstreamFailure } from '../../domain/routing/upstream-port.js';

/**
 * Drops a response body we will not read. undici emits 'error' on a destroyed body; with no
 * listener that would be an uncaught exception that takes the whole gateway down.
 */
export function discardBody(body: Readable): void {
  body.on('error', () => undefined);
  body.destroy();
}

/** Reads a response body up to `maxBytes`; a larger one is cut off, never buffered whole. */
export async function readBounded(body: Readable, maxBytes: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buffer = chunk as Buffer;
    size += buffer.byteLength;
    if (size > maxBytes) {
      discardBody(body);
      throw new UpstreamFailure('too_large');
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The JSON-RPC message answering `id` from a JSON or SSE body. */
export function extractReply(text: string, contentType: string, id: number): unknown {
  if (!contentType.includes('text/event-stream')) return parseJson(text);
  for (const event of text.split(/\r?\n\r?\n/)) {
    const data = event
      .split(/\r?\n/)
      .filter((line) => line.startsWith('data:'))
      .map((line) => line.slice(5).trimStart())
      .join('\n');
    if (data === '') continue;
    const message = parseJson(data) as { id?: unknown };
    if (message?.id === id) return message;
  }
  throw new UpstreamFailure('bad_response');
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new UpstreamFailure('bad_response');
  }
}
