import { StringDecoder } from 'node:string_decoder';
import type { Readable } from 'node:stream';
import { UpstreamFailure, type ProgressUpdate } from '../../domain/routing/upstream-port.js';

export interface SseReplyOptions {
  /** Bytes of the whole stream (notifications included) before the call fails as too large. */
  maxBytes: number;
  /** JSON-RPC id of the request whose answer ends the read. */
  id: number;
  /** The token the gateway sent upstream; notifications carrying another one are ignored. */
  progressToken: string;
  onProgress: (update: ProgressUpdate) => void;
}

/**
 * Reads an upstream's SSE answer event by event, as it arrives: every `notifications/progress`
 * for our token is relayed at once, and the JSON-RPC response with our id ends the read. Used
 * only when the caller asked for progress; a plain call buffers the body and parses it once.
 */
export async function readSseReply(body: Readable, options: SseReplyOptions): Promise<unknown> {
  const decoder = new StringDecoder('utf8');
  let pending = '';
  let size = 0;
  for await (const chunk of body) {
    const buffer = chunk as Buffer;
    size += buffer.byteLength;
    if (size > options.maxBytes) throw new UpstreamFailure('too_large');
    const scanFrom = Math.max(0, pending.length - 3);
    pending += decoder.write(buffer);
    let start = 0;
    for (let end = eventEnd(pending, scanFrom); end !== undefined;) {
      const reply = handleEvent(pending.slice(start, end.at), options);
      if (reply !== undefined) return reply;
      start = end.at + end.length;
      end = eventEnd(pending, start);
    }
    pending = pending.slice(start);
  }
  const last = handleEvent(pending + decoder.end(), options);
  if (last !== undefined) return last;
  throw new UpstreamFailure('bad_response');
}

/** The first blank line (event boundary) at or after `from`, in any of SSE's line endings. */
function eventEnd(text: string, from: number): { at: number; length: number } | undefined {
  let best: { at: number; length: number } | undefined;
  for (const separator of ['\r\n\r\n', '\n\n', '\r\r']) {
    const at = text.indexOf(separator, from);
    if (at >= 0 && (best === undefined || at < best.at)) best = { at, length: separator.length };
  }
  return best;
}

/** The reply when this event carries it; relays our progress; ignores everything else. */
function handleEvent(event: string, options: SseReplyOptions): unknown {
  const data = event
    .split(/\r\n|\r|\n/)
    .filter((line) => line.startsWith('data:'))
    .map((line) => line.slice(5).replace(/^ /, ''))
    .join('\n');
  if (data === '') return undefined;
  let message: { id?: unknown; method?: unknown; params?: unknown };
  try {
    message = JSON.parse(data) as typeof message;
  } catch {
    throw new UpstreamFailure('bad_response');
  }
  if (message === null || typeof message !== 'object') throw new UpstreamFailure('bad_response');
  if (message.id === options.id && message.method === undefined) return message;
  if (message.method === 'notifications/progress') relay(message.params, options);
  return undefined;
}

function relay(params: unknown, options: SseReplyOptions): void {
  const { progressToken, progress, total, message } = (params ?? {}) as Record<string, unknown>;
  if (progressToken !== options.progressToken) return;
  if (typeof progress !== 'number' || !Number.isFinite(progress)) return;
  const update: ProgressUpdate = {
    progress,
    ...(typeof total === 'number' && Number.isFinite(total) ? { total } : {}),
    ...(typeof message === 'string' ? { message } : {}),
  };
  try {
    options.onProgress(update);
  } catch {
    // The agent side failing to relay one update must not fail the upstream call.
  }
}
