import type { ServerResponse } from 'node:http';
import { GatewayRpcError, httpReplyOf, type HttpReply } from '../domain/mcp/gateway-rpc-error.js';

/** JSON-RPC errors are shaped here only (STYLE.md: the gateway's MCP layer). */
export function sendRpcError(
  res: ServerResponse,
  status: number,
  error: { code: number; message: string; data?: unknown },
  options: { id?: unknown; headers?: Record<string, string> } = {},
): void {
  const body = JSON.stringify({ jsonrpc: '2.0', id: options.id ?? null, error });
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(body)),
    ...options.headers,
  });
  res.end(body);
}

export const PARSE_ERROR = -32700;
export const INVALID_REQUEST = -32600;

/**
 * The HTTP status and headers for a JSON-RPC error raised by a domain operation: 429 with
 * `Retry-After` for limits, 200 for everything else (JSON-RPC errors travel in the body).
 * For the fast path, which catches the `GatewayRpcError` itself.
 */
export function httpReplyForError(error: unknown): HttpReply {
  return error instanceof GatewayRpcError && error.http !== undefined ? error.http : OK_REPLY;
}

/**
 * For the SDK path, where the error object stays inside the SDK: rewrites the SDK's finished
 * response to the status/headers the handler asked for (see `rememberHttpReply`). The body, a
 * complete JSON-RPC error, is passed through untouched.
 */
export function withRecordedHttpReply(response: Response, record: object): Response {
  const reply = httpReplyOf(record);
  if (reply === undefined || response.status !== 200) return response;
  const headers = new Headers(response.headers);
  for (const [name, value] of Object.entries(reply.headers)) headers.set(name, value);
  return new Response(response.body, { status: reply.status, headers });
}

const OK_REPLY: HttpReply = Object.freeze({ status: 200, headers: Object.freeze({}) });
