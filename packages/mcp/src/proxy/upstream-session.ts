import { AsyncLocalStorage } from 'node:async_hooks';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import type { JsonObject } from './proxy-handlers.js';

export interface UpstreamSessionOptions {
  url: string;
  /** Sent on every request of the session (injected backend credentials). */
  headers: Record<string, string>;
  /** e.g. bound to an SSRF-guarded, pooled dispatcher. */
  fetch: typeof fetch;
  timeoutMs: number;
}

export interface UpstreamCallOptions {
  /** Per-call headers such as `traceparent`. */
  headers: Record<string, string>;
  signal: AbortSignal;
  timeoutMs: number;
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

/** One initialized 2025-era session to an upstream, shared by the calls to it. */
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
  const transport = new StreamableHTTPClientTransport(new URL(options.url), {
    fetch: fetchWithCallHeaders,
    requestInit: { headers: { ...options.headers } },
  });
  const client = new Client(CLIENT_INFO, { versionNegotiation: { mode: 'legacy' } });
  client.onerror = () => undefined;
  await client.connect(transport, { timeout: options.timeoutMs });
  return {
    request: (method, params, call) =>
      callHeaders.run(call.headers, () => send(client, method, params, call)),
    listTools: (call) => callHeaders.run(call.headers, () => listAllTools(client, call)),
    close: async () => {
      await transport.terminateSession().catch(() => undefined);
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
  const options = { signal: call.signal, timeout: call.timeoutMs };
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
