import { request, type Dispatcher } from 'undici';
import {
  UpstreamFailure,
  type ProgressUpdate,
  type UpstreamRequest,
  type UpstreamResponse,
} from '../../domain/routing/upstream-port.js';
import { discardBody, extractReply, readBounded } from './read-bounded.js';
import { readSseReply } from './read-sse-reply.js';

const MODERN = '2026-07-28';
const CLIENT_INFO = { name: 'mcp-gateway-registry', version: '0.1.0' };
const REQUEST_ID = 1;
let progressTokens = 0;

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
  // Our own token, never the agent's: the agent's value means nothing upstream and must not leak.
  const progress: ProgressRelay | undefined =
    req.onProgress === undefined
      ? undefined
      : { token: `mcpgw-${(progressTokens += 1)}`, onProgress: req.onProgress };
  const meta: Record<string, unknown> = {
    'io.modelcontextprotocol/protocolVersion': MODERN,
    'io.modelcontextprotocol/clientInfo': CLIENT_INFO,
    'io.modelcontextprotocol/clientCapabilities': {},
  };
  if (progress !== undefined) meta['progressToken'] = progress.token;
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
  const deadline = withDeadline(req.signal, limits.timeoutMs);
  const { signal } = deadline;
  try {
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
    return await interpret(response, limits, signal, progress);
  } finally {
    deadline.done();
  }
}

/**
 * The caller's signal plus a deadline, released as soon as the call settles. Not
 * `AbortSignal.any([signal, AbortSignal.timeout(ms)])`: those signals are tracked through WeakRefs
 * and a FinalizationRegistry, which V8's young-generation GC treats as strong, so every call's
 * object graph (request, response, aborted reason's stack) was promoted to the old generation and
 * lived until the next full GC.
 */
function withDeadline(parent: AbortSignal, ms: number): { signal: AbortSignal; done(): void } {
  const controller = new AbortController();
  if (parent.aborted) {
    controller.abort(parent.reason);
    return { signal: controller.signal, done: () => undefined };
  }
  const onAbort = (): void => controller.abort(parent.reason);
  const timer = setTimeout(
    () => controller.abort(new DOMException('The upstream call timed out', 'TimeoutError')),
    ms,
  );
  parent.addEventListener('abort', onAbort, { once: true });
  return {
    signal: controller.signal,
    done: () => {
      clearTimeout(timer);
      parent.removeEventListener('abort', onAbort);
    },
  };
}

type Reply = { result?: unknown; error?: { code?: unknown; message?: unknown } };
type ProgressRelay = { token: string; onProgress: (update: ProgressUpdate) => void };

async function interpret(
  response: Dispatcher.ResponseData,
  limits: CallLimits,
  signal: AbortSignal,
  progress: ProgressRelay | undefined,
): Promise<UpstreamResponse> {
  const status = response.statusCode;
  if (status === 401 || status === 403) {
    discardBody(response.body);
    throw new UpstreamFailure('unauthorized', status);
  }
  const contentType = String(response.headers['content-type'] ?? '');
  let reply: Reply;
  try {
    reply = (await readReply(response, contentType, limits, progress)) as Reply;
  } catch (error) {
    const failure = failureOf(error, signal, status);
    throw status >= 400 && failure.reason === 'bad_response'
      ? new UpstreamFailure('unavailable', status)
      : failure;
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

/**
 * The JSON-RPC answer. Only a call that asked for progress and got an SSE stream is read event
 * by event (relaying progress as it comes); everything else is buffered and parsed once.
 */
async function readReply(
  response: Dispatcher.ResponseData,
  contentType: string,
  limits: CallLimits,
  progress: ProgressRelay | undefined,
): Promise<unknown> {
  if (progress !== undefined && contentType.includes('text/event-stream')) {
    return readSseReply(response.body, {
      maxBytes: limits.maxResponseBytes,
      id: REQUEST_ID,
      progressToken: progress.token,
      onProgress: progress.onProgress,
    });
  }
  const text = await readBounded(response.body, limits.maxResponseBytes);
  return extractReply(text, contentType, REQUEST_ID);
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
