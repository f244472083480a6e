import type { JSONRPCMessage, Transport } from '@modelcontextprotocol/server';

type RequestId = string | number;
type Tap = (message: JSONRPCMessage) => void;

const taps = new WeakMap<Transport, Map<RequestId, Tap>>();

/**
 * Lets a JSON-mode session transport carry notifications that belong to a request (progress)
 * ahead of its result. In JSON mode the transport drops them; this decorator hands those of
 * tapped requests to the tap instead. Untapped traffic is untouched, so answers without
 * notifications keep their exact JSON bytes and cost.
 */
export function tapRelatedNotifications(transport: Transport): void {
  if (taps.has(transport)) return;
  const requests = new Map<RequestId, Tap>();
  taps.set(transport, requests);
  const send = transport.send.bind(transport);
  transport.send = async (message, options) => {
    const related = options?.relatedRequestId;
    const tap = related === undefined || !('method' in message) ? undefined : requests.get(related);
    if (tap === undefined) return send(message, options);
    tap(message);
  };
}

/**
 * Serves one request whose notifications must reach the agent, like the SDK's per-request
 * transport in its `auto` mode: if the answer comes before any notification it is returned as is
 * (plain JSON); once a notification comes first, the answer becomes an SSE stream carrying the
 * notifications and then the result.
 */
export async function answerWithNotifications(
  transport: Transport,
  id: RequestId,
  signal: AbortSignal,
  handle: () => Promise<Response>,
): Promise<Response> {
  const requests = taps.get(transport);
  if (requests === undefined) return handle();
  const stream = createEventStream(() => requests.delete(id));
  let notified: () => void = () => undefined;
  const firstNotification = new Promise<'notified'>(
    (resolve) => (notified = () => resolve('notified')),
  );
  requests.set(id, (message) => {
    stream.write(JSON.stringify(message));
    notified();
  });
  const answer = handle();
  const first = await Promise.race([answer, firstNotification]);
  if (first !== 'notified') {
    requests.delete(id);
    return first;
  }
  const finish = (data?: string): void => {
    requests.delete(id);
    if (data !== undefined && data !== '') stream.write(data);
    stream.close();
  };
  signal.addEventListener('abort', () => finish(), { once: true });
  void answer.then(
    (response) => response.text().then(finish),
    () => finish(),
  );
  const headers = new Headers({ 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  if (transport.sessionId !== undefined) headers.set('mcp-session-id', transport.sessionId);
  return new Response(stream.body, { status: 200, headers });
}

/** An SSE body fed one JSON-RPC message at a time; writes after close or cancel are dropped. */
function createEventStream(onCancel: () => void) {
  const encoder = new TextEncoder();
  let controller: ReadableStreamDefaultController<Uint8Array> | undefined;
  let open = true;
  const body = new ReadableStream<Uint8Array>({
    start: (c) => void (controller = c),
    cancel: () => {
      open = false;
      onCancel();
    },
  });
  return {
    body,
    write(data: string): void {
      if (open) controller?.enqueue(encoder.encode(`event: message\ndata: ${data}\n\n`));
    },
    close(): void {
      if (!open) return;
      open = false;
      controller?.close();
    },
  };
}

/** The id of a single posted request that asked for progress, so its answer may stream. */
export function progressRequestId(body: unknown): RequestId | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const { id, params } = body as { id?: unknown; params?: unknown };
  if (typeof id !== 'string' && typeof id !== 'number') return undefined;
  const meta =
    typeof params === 'object' && params !== null
      ? (params as { _meta?: unknown })._meta
      : undefined;
  if (typeof meta !== 'object' || meta === null) return undefined;
  const token = (meta as { progressToken?: unknown }).progressToken;
  return typeof token === 'string' || typeof token === 'number' ? id : undefined;
}
