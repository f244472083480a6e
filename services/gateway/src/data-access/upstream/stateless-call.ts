import { request, type Dispatcher } from 'undici';
import {
  UpstreamFailure,
  type UpstreamRequest,
  type UpstreamResponse,
} from '../../domain/routing/upstream-port.js';
import { discardBody, extractReply, readBounded } from './read-bounded.js';

const MODERN = '2026-07-28';
const CLIENT_INFO = { name: 'mcp-gateway-registry', version: '0.1.0' };
const REQUEST_ID = 1;

export interface CallLimits {
  timeoutMs: number;
  maxResponseBytes: number;
}

/**
 * One 2026-07-28 request as raw JSON-RPC over a pooled keep-alive connection: no SDK object
 * per call, which is what keeps the proxied hot path cheap (PERFORMANCE.md).
 */
export async function statelessCall(
  dispatcher: Dispatcher,
  req: UpstreamRequest,
  limits: CallLimits,
): Promise<UpstreamResponse> {
  const meta = {
    'io.modelcontextprotocol/protocolVersion': MODERN,
    'io.modelcontextprotocol/clientInfo': CLIENT_INFO,
    'io.modelcontextprotocol/clientCapabilities': {},
  };
  const params = { ...req.params, _meta: meta };
  const body = JSON.stringify({ jsonrpc: '2.0', id: REQUEST_ID, method: req.method, params });
  const name = req.method === 'resources/read' ? req.params['uri'] : req.params['name'];
  const headers: Record<string, string> = {
    ...req.headers,
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
    'mcp-protocol-version': MODERN,
    'mcp-method': req.method,
    ...(typeof name === 'string' ? { 'mcp-name': name } : {}),
    traceparent: req.traceparent,
  };
  const signal = AbortSignal.any([req.signal, AbortSignal.timeout(limits.timeoutMs)]);
  const response = await request(req.route.url, {
    method: 'POST',
    dispatcher,
    headers,
    body,
    signal,
    headersTimeout: limits.timeoutMs,
    bodyTimeout: limits.timeoutMs,
  }).catch((error: unknown) => {
    throw failureOf(error, signal);
  });
  return interpret(response, limits, signal);
}

async function interpret(
  response: Dispatcher.ResponseData,
  limits: CallLimits,
  signal: AbortSignal,
): Promise<UpstreamResponse> {
  const status = response.statusCode;
  if (status === 401 || status === 403) {
    discardBody(response.body);
    throw new UpstreamFailure('unauthorized', status);
  }
  const text = await readBounded(response.body, limits.maxResponseBytes).catch((error: unknown) => {
    throw failureOf(error, signal, status);
  });
  const contentType = String(response.headers['content-type'] ?? '');
  let reply: { result?: unknown; error?: { code?: unknown; message?: unknown } };
  try {
    reply = extractReply(text, contentType, REQUEST_ID) as typeof reply;
  } catch (error) {
    throw status >= 400 ? new UpstreamFailure('unavailable', status) : error;
  }
  if (reply?.error !== undefined) {
    const code = typeof reply.error.code === 'number' ? reply.error.code : -32603;
    const message =
      typeof reply.error.message === 'string' ? reply.error.message : 'Upstream error';
    return { kind: 'error', status, code, message };
  }
  if (typeof reply?.result !== 'object' || reply.result === null)
    throw new UpstreamFailure('bad_response', status);
  return { kind: 'result', status, result: reply.result as Record<string, unknown> };
}

export function failureOf(error: unknown, signal: AbortSignal, status?: number): UpstreamFailure {
  if (error instanceof UpstreamFailure) return error;
  const name =
    error instanceof Error
      ? `${error.name} ${(error as { code?: string }).code ?? ''} ${error.message}`
      : '';
  if (signal.aborted || /time(d)? ?out/i.test(name)) return new UpstreamFailure('timeout', status);
  if (/SSRF/i.test(name)) return new UpstreamFailure('blocked', status);
  return new UpstreamFailure('unavailable', status);
}
