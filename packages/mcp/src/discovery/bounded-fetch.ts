import { MAX_RESPONSE_BYTES } from './types.js';

/** What the wrapped fetch saw; used to explain a failure the SDK reports only vaguely. */
export interface FetchObservation {
  lastStatus: number | undefined;
  tooLarge: boolean;
  /** A response body broke off (the upstream dropped the connection mid-response). */
  dropped: boolean;
}

export interface BoundedFetch {
  fetch: typeof fetch;
  observed: FetchObservation;
  /** Replaces the signal every later request is bound to (e.g. a short one for cleanup). */
  useSignal(signal: AbortSignal): void;
}

export class ResponseTooLargeError extends Error {
  constructor(limit: number) {
    super(`The upstream response exceeded ${limit} bytes.`);
    this.name = 'ResponseTooLargeError';
  }
}

const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

/**
 * Wraps the caller's fetch so that every request the SDK makes is bound to the operation's
 * deadline and no response body can grow past `maxBytes`: a hostile upstream streaming forever
 * is cut off instead of being buffered.
 */
export function createBoundedFetch(
  base: typeof fetch,
  signal: AbortSignal,
  options: { maxBytes?: number; onDropped?: () => void } = {},
): BoundedFetch {
  const maxBytes = options.maxBytes ?? MAX_RESPONSE_BYTES;
  const observed: FetchObservation = { lastStatus: undefined, tooLarge: false, dropped: false };
  let current = signal;
  const onTooLarge = (): void => {
    observed.tooLarge = true;
  };
  const onBroken = (error: unknown): void => {
    // Our own aborts (deadline, closing a stream) are not the upstream's doing.
    if (current.aborted || (error instanceof Error && error.name === 'AbortError')) return;
    observed.dropped = true;
    options.onDropped?.();
  };
  const bounded = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const signals = init?.signal ? [current, init.signal] : [current];
    const response = await base(input, { ...init, signal: AbortSignal.any(signals) });
    observed.lastStatus = response.status;
    if (Number(response.headers.get('content-length') ?? 0) > maxBytes) {
      onTooLarge();
      await response.body?.cancel().catch(() => undefined);
      throw new ResponseTooLargeError(maxBytes);
    }
    if (!response.body || NULL_BODY_STATUSES.has(response.status)) return response;
    return new Response(limitBody(response.body, maxBytes, { onTooLarge, onBroken }), {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };
  return {
    fetch: bounded as typeof fetch,
    observed,
    useSignal: (next) => {
      current = next;
    },
  };
}

/**
 * Re-streams the body chunk by chunk so that it can stop at the byte limit and notice when the
 * upstream breaks off: the SDK waits for a response that will never come in that case.
 */
function limitBody(
  body: ReadableStream<Uint8Array>,
  maxBytes: number,
  on: { onTooLarge: () => void; onBroken: (error: unknown) => void },
): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  let seen = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      let chunk: Awaited<ReturnType<typeof reader.read>>;
      try {
        chunk = await reader.read();
      } catch (error) {
        on.onBroken(error);
        controller.error(error);
        return;
      }
      if (chunk.done) return controller.close();
      seen += chunk.value.byteLength;
      if (seen > maxBytes) {
        on.onTooLarge();
        controller.error(new ResponseTooLargeError(maxBytes));
        await reader.cancel().catch(() => undefined);
        return;
      }
      controller.enqueue(chunk.value);
    },
    cancel: (reason) => reader.cancel(reason),
  });
}
