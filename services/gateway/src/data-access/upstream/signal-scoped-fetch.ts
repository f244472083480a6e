import { fetch as undiciFetch, type Dispatcher } from 'undici';

/**
 * `fetch` over the pooled dispatcher, giving every request its own abort signal that follows the
 * caller's only while the request is in flight. undici follows `init.signal` with a listener it
 * removes only when its Request object is garbage-collected (through a FinalizationRegistry, which
 * young-generation GCs never process); the SDK's session transport passes one long-lived signal
 * to every request of a session, so listeners piled up on it (MaxListenersExceededWarning at
 * 1,501) with what they retain. Here a caller's signal gets one listener for its whole life, which
 * aborts the requests in flight; a request leaves that set once its response headers are in, or,
 * for an event stream (which a transport close must still cut), once its body is done.
 */
export function createSignalScopedFetch(dispatcher: Dispatcher): typeof fetch {
  const inFlight = new WeakMap<AbortSignal, Set<AbortController>>();
  const follow = (outer: AbortSignal): { signal: AbortSignal; release(): void } => {
    let followers = inFlight.get(outer);
    if (followers === undefined) {
      const set = new Set<AbortController>();
      followers = set;
      inFlight.set(outer, set);
      outer.addEventListener('abort', () => {
        for (const follower of set) follower.abort(outer.reason);
        set.clear();
      });
    }
    const inner = new AbortController();
    followers.add(inner);
    return { signal: inner.signal, release: () => void followers.delete(inner) };
  };
  const scoped = async (input: string | URL, init: RequestInit = {}): Promise<Response> => {
    const outer = init.signal ?? undefined;
    if (outer === undefined || outer.aborted) return send(input, init, dispatcher, outer);
    const { signal, release } = follow(outer);
    let response: Response;
    try {
      response = await send(input, init, dispatcher, signal);
    } catch (error) {
      release();
      throw error;
    }
    const isStream = (response.headers.get('content-type') ?? '').includes('text/event-stream');
    if (!isStream || response.body === null) {
      release();
      return response;
    }
    return releasingWhenDone(response, release);
  };
  return scoped as unknown as typeof fetch;
}

function send(
  input: string | URL,
  init: RequestInit,
  dispatcher: Dispatcher,
  signal: AbortSignal | undefined,
): Promise<Response> {
  const options = { ...(init as object), dispatcher, ...(signal === undefined ? {} : { signal }) };
  return undiciFetch(
    input,
    options as Parameters<typeof undiciFetch>[1],
  ) as unknown as Promise<Response>;
}

/** The same response whose body calls `release` when it ends, fails or is cancelled. */
function releasingWhenDone(response: Response, release: () => void): Response {
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (done) {
          release();
          controller.close();
        } else controller.enqueue(value);
      } catch (error) {
        release();
        controller.error(error);
      }
    },
    cancel(reason) {
      release();
      return reader.cancel(reason);
    },
  });
  return new Response(body, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
}
