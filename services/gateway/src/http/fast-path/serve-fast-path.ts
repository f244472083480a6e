import type { ServerResponse } from 'node:http';
import { GatewayRpcError } from '../../domain/mcp/gateway-rpc-error.js';
import type { GatewayOperations } from '../../domain/mcp/gateway-operations.js';
import type { RequestScope } from '../../domain/mcp/request-scope.js';
import { encodeCallToolResult, type ServerIdentity } from './encode-modern-result.js';
import type { FastPathMethod } from './fast-path-eligibility.js';
import { listToolsResultJson } from './serialized-list.js';
import { httpReplyForError } from '../json-rpc-reply.js';

type Json = Record<string, unknown>;

export interface FastPathRequest {
  ops: Pick<GatewayOperations, 'callTool' | 'listTools'>;
  scope: RequestScope;
  method: FastPathMethod;
  message: Json;
  server: ServerIdentity;
  signal: AbortSignal;
}

/**
 * Serves an eligible stateless 2026-07-28 `tools/call`/`tools/list` without building an SDK
 * server: the same domain operations the SDK path's handlers call, the same error mapping
 * (gateway errors verbatim, anything else `-32603 Internal error`), the SDK's result encoding,
 * and its HTTP shape: handler errors are in-band (200 `application/json`), except those carrying an
 * HTTP reply (limits: 429 + `Retry-After`).
 */
export async function serveFastPath(request: FastPathRequest, res: ServerResponse): Promise<void> {
  const { scope, message } = request;
  const id = message['id'];
  let body: string | Buffer[];
  let reply = httpReplyForError(undefined);
  try {
    const result = await run(request);
    // A pre-serialized result (tools/list, cached as bytes) is spliced in: the same bytes
    // JSON.stringify would give, since the eligibility check only admits string or integer ids.
    body = Buffer.isBuffer(result)
      ? [RESULT_PREFIX, result, Buffer.from(`,"jsonrpc":"2.0","id":${JSON.stringify(id)}}`)]
      : JSON.stringify({ result, jsonrpc: '2.0', id });
  } catch (error) {
    body = JSON.stringify({ jsonrpc: '2.0', id, error: toRpcError(scope, error) });
    // Limits answer 429 + Retry-After; the SDK path applies the same via withRecordedHttpReply.
    reply = httpReplyForError(error);
  }
  // The agent went away: the SDK answers nothing useful either (499, no body).
  if (res.destroyed || request.signal.aborted) return;
  const length =
    typeof body === 'string'
      ? Buffer.byteLength(body)
      : body.reduce((sum, part) => sum + part.length, 0);
  res.writeHead(reply.status, {
    'content-type': 'application/json',
    'content-length': String(length),
    ...reply.headers,
  });
  if (typeof body === 'string') return void res.end(body);
  res.cork();
  for (const part of body) res.write(part);
  res.end();
  res.uncork();
}

const RESULT_PREFIX = Buffer.from('{"result":');

async function run(request: FastPathRequest): Promise<Json | Buffer> {
  const { ops, scope, message, server } = request;
  const params = message['params'] as Json;
  if (request.method === 'tools/list')
    return listToolsResultJson(ops.listTools(scope, params), server);
  let result: Json;
  try {
    result = await ops.callTool(scope, params, request.signal);
  } catch (error) {
    throw recorded(scope, error);
  }
  // A malformed upstream result is rejected after the handler returned, as the SDK does, so the
  // audit record keeps what the call itself recorded.
  return encodeCallToolResult(result, server);
}

/** What the SDK path's adapter records for a failing handler (proxy-adapter.ts). */
function recorded(scope: RequestScope, error: unknown): unknown {
  if (error instanceof GatewayRpcError) {
    scope.record.errorCode = error.code;
    scope.record.outcome ??= 'failure';
  } else {
    scope.record.outcome = 'failure';
  }
  return error;
}

function toRpcError(scope: RequestScope, error: unknown): Json {
  if (error instanceof GatewayRpcError) {
    return {
      code: error.code,
      message: error.message,
      ...(error.data === undefined ? {} : { data: error.data }),
    };
  }
  scope.record.outcome = 'failure';
  return { code: -32603, message: 'Internal error' };
}
