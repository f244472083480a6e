import { AsyncLocalStorage } from 'node:async_hooks';
import {
  Client,
  SSEClientTransport,
  SseError,
  StreamableHTTPClientTransport,
  type Progress,
  type Transport,
} from '@modelcontextprotocol/client';
import type { JsonObject } from './proxy-handlers.js';

export interface UpstreamSessionOptions {
  url: string;
  /**
   * `streamable-http` (default): a 2025 session revision. `sse`: the 2024-11-05 HTTP+SSE
   * transport, where a long-lived GET stream carries every answer and POSTs go to the endpoint
   * the server names on that stream.
   */
  transport?: 'streamable-http' | 'sse';
  /** Sent on every request of the session (injected backend credentials). */
  headers: Record<string, string>;
  /** e.g. bound to an SSRF-guarded, pooled dispatcher. */
  fetch: typeof fetch;
  timeoutMs: number;
  /**
   * Called once when the session can no longer be used (the HTTP+SSE stream failed or ended),
   * so the owner can drop it instead of sending the next call into a dead session.
   */
  onClosed?: () => void;
}

/** One `notifications/progress` the upstream sent for a call, without its token. */
export interface UpstreamProgress {
  progress: number;
  total?: number;
  message?: string;
}

export interface UpstreamCallOptions {
  /** Per-call headers such as `traceparent`. */
  headers: Record<string, string>;
  signal: AbortSignal;
  timeoutMs: number;
  /**
   * Asks the upstream for progress: the SDK sends a progress token of its own (unique within
   * the session) and calls this for every notification carrying it.
   */
  onProgress?: (update: UpstreamProgress) => void;
}

/** Methods forwarded to a session upstream; the SDK validates each result's shape. */
export type ForwardedMethod =
  | 'tools/call'
  | 'resources/read'
  | 'prompts/get'
  | 'completion/complete'
  | 'resources/subscribe'
  | 'resources/unsubscribe';

/** Pages of tools/list followed at most; a longer chain is treated as a misbehaving upstream. */
const MAX_LIST_PAGES = 50;

export interface UpstreamSession {
  request(
    method: ForwardedMethod,
    params: JsonObject,
    options: UpstreamCallOptions,
  ): Promise<JsonObject>;
  /** Every page of `tools/list`, the items exactly as listed (drift compares their hashes). */
  listTools(options: UpstreamCallOptions): Promise<JsonObject[]>;
  close(): Promise<void>;
}

const CLIENT_INFO = { name: 'mcp-gateway-registry', version: '0.1.0' };
// Per-call headers ride on the async context: the SDK transport's headers are fixed per session.
const callHeaders = new AsyncLocalStorage<Record<string, string>>();

/**
 * One initialized session to an upstream, shared by the calls to it: a 2025 session revision
 * over Streamable HTTP, or the 2024-11-05 HTTP+SSE transport.
 */
export async function openUpstreamSession(
  options: UpstreamSessionOptions,
): Promise<UpstreamSession> {
  const fetchWithCallHeaders = ((input: string | URL | Request, init?: RequestInit) => {
    const extra = callHeaders.getStore();
    if (extra === undefined) return options.fetch(input, init);
    const headers = new Headers(init?.headers);
    for (const [name, value] of Object.entries(extra)) headers.set(name, value);
    return options.fetch(input, { ...init, headers });
  }) as typeof fetch;
  const url = new URL(options.url);
  const transportOptions = {
    fetch: fetchWithCallHeaders,
    requestInit: { headers: { ...options.headers } },
  };
  const transport: Transport =
    options.transport === 'sse'
      ? new SSEClientTransport(url, transportOptions)
      : new StreamableHTTPClientTransport(url, transportOptions);
  const client = new Client(CLIENT_INFO, { versionNegotiation: { mode: 'legacy' } });
  let closed = false;
  const markClosed = (): void => {
    if (closed) return;
    closed = true;
    options.onClosed?.();
  };
  // A failed HTTP+SSE stream would be reopened by the event source as a new, uninitialized
  // upstream session; the session is dropped instead and the next call opens a fresh one.
  client.onerror = (error) => {
    if (error instanceof SseError) {
      markClosed();
      void client.close().catch(() => undefined);
    }
  };
  client.onclose = markClosed;
  await client.connect(transport, { timeout: options.timeoutMs });
  return {
    request: (method, params, call) =>
      callHeaders.run(call.headers, () => send(client, method, params, call)),
    listTools: (call) => callHeaders.run(call.headers, () => listAllTools(client, call)),
    close: async () => {
      if (transport instanceof StreamableHTTPClientTransport) {
        await transport.terminateSession().catch(() => undefined);
      }
      await client.close().catch(() => undefined);
    },
  };
}

async function send(
  client: Client,
  method: ForwardedMethod,
  params: JsonObject,
  call: UpstreamCallOptions,
): Promise<JsonObject> {
  const { onProgress } = call;
  const options = {
    signal: call.signal,
    timeout: call.timeoutMs,
    ...(onProgress === undefined
      ? {}
      : { onprogress: (update: Progress) => relayProgress(update, onProgress) }),
  };
  switch (method) {
    case 'tools/call':
      return (await client.callTool(params as never, options)) as JsonObject;
    case 'resources/read':
      return (await client.readResource(params as never, options)) as JsonObject;
    case 'prompts/get':
      return (await client.getPrompt(params as never, options)) as JsonObject;
    case 'completion/complete':
      return (await client.complete(params as never, options)) as JsonObject;
    case 'resources/subscribe':
      return (await client.subscribeResource(params as never, options)) as JsonObject;
    case 'resources/unsubscribe':
      return (await client.unsubscribeResource(params as never, options)) as JsonObject;
  }
}

/** Passes on only the fields the spec defines, and only when they have the right types. */
function relayProgress(update: Progress, onProgress: (update: UpstreamProgress) => void): void {
  const { progress, total, message } = update as {
    progress?: unknown;
    total?: unknown;
    message?: unknown;
  };
  if (typeof progress !== 'number' || !Number.isFinite(progress)) return;
  onProgress({
    progress,
    ...(typeof total === 'number' && Number.isFinite(total) ? { total } : {}),
    ...(typeof message === 'string' ? { message } : {}),
  });
}

async function listAllTools(client: Client, call: UpstreamCallOptions): Promise<JsonObject[]> {
  const options = { signal: call.signal, timeout: call.timeoutMs };
  const tools: JsonObject[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_LIST_PAGES; page += 1) {
    // The same request the registry's discovery sends, so both hash the same item shape.
    const params = cursor === undefined ? {} : { cursor };
    const result = (await client.request({ method: 'tools/list', params }, options)) as JsonObject;
    if (Array.isArray(result['tools'])) tools.push(...(result['tools'] as JsonObject[]));
    const next = result['nextCursor'];
    if (typeof next !== 'string' || next.length === 0) return tools;
    cursor = next;
  }
  throw new Error('upstream tools/list did not end');
}
