import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { disconnectSignal } from '../fixtures/fixture-endpoint.js';
import { readBody, sendWebResponse, toWebRequest } from '../fixtures/node-web-bridge.js';
import { createCrmStore } from './crm-store.js';
import { createDualEraEndpoint, type DualEraEndpoint } from './dual-era-endpoint.js';

export interface SampleMcpServerOptions {
  host: string;
  /** 0 picks a free port (tests). */
  port: number;
  /** Open legacy sessions at most (default 100). */
  maxSessions?: number;
  /** Legacy sessions idle this long are closed (default 10 minutes). */
  sessionIdleTimeoutMs?: number;
  /** Errors that have no caller to go to (a failed request, an SDK out-of-band error). */
  onError?: (error: Error) => void;
}

export interface SampleMcpServer {
  /** e.g. http://127.0.0.1:7010/mcp */
  url: string;
  /** Open legacy sessions right now. */
  readonly sessionCount: number;
  close(): Promise<void>;
}

const DEFAULT_MAX_SESSIONS = 100;
const DEFAULT_IDLE_TIMEOUT_MS = 10 * 60_000;
const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

/**
 * Starts the Acme CRM sample MCP server: `/mcp` in both protocol eras, `/healthz` for runners
 * that wait on it. Its data is in memory and starts from the same seed every time.
 */
export async function startSampleMcpServer(
  options: SampleMcpServerOptions,
): Promise<SampleMcpServer> {
  const endpoint = createDualEraEndpoint(createCrmStore(), {
    maxSessions: options.maxSessions ?? DEFAULT_MAX_SESSIONS,
    idleTimeoutMs: options.sessionIdleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS,
    loopbackOnly: LOOPBACK.has(options.host),
    ...(options.onError === undefined ? {} : { onError: options.onError }),
  });
  const server = createServer((req, res) => {
    route(endpoint, req, res).catch((error: unknown) => {
      options.onError?.(error instanceof Error ? error : new Error(String(error)));
      if (res.headersSent) res.destroy();
      else res.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${host}:${port}/mcp`,
    get sessionCount() {
      return endpoint.sessionCount;
    },
    close: async () => {
      await endpoint.close();
      // Legacy GET streams stay open until their session closes; cut whatever is left.
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function route(
  endpoint: DualEraEndpoint,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://sample').pathname;
  if (path === '/healthz' && (req.method === 'GET' || req.method === 'HEAD')) {
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
    return;
  }
  if (path !== '/mcp') {
    res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
    return;
  }
  const body = await readBody(req);
  const response = await endpoint.fetch(toWebRequest(req, body, disconnectSignal(res)));
  await sendWebResponse(res, response);
}
