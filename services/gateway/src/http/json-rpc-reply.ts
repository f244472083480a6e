import type { ServerResponse } from 'node:http';

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
