import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendWebResponse, type ProxyEndpoint } from '@mcpgw/mcp';
import type { RequestScope } from '../domain/mcp/request-scope.js';
import { INVALID_REQUEST, sendRpcError } from './json-rpc-reply.js';
import type { ScopeChallenge } from './scope-challenge.js';
import { toProxyRequest } from './web-request.js';

/** The only revision whose Streamable HTTP transport allows JSON-RPC batches. */
export const BATCH_REVISION = '2025-03-26';

type Json = Record<string, unknown>;

export interface BatchContext {
  proxy: ProxyEndpoint;
  req: IncomingMessage;
  res: ServerResponse;
  /** Principal and route: who may use the session the batch names. */
  owner: string;
  signal: AbortSignal;
  maxBatchSize: number;
  /** A fresh request scope (and audit record) for one element. */
  newScope(): RequestScope;
  challenge(scope: RequestScope, message: Json): ScopeChallenge | undefined;
  audit(method: string, scope: Pick<RequestScope, 'record'>, era?: string): void;
}

/**
 * A JSON-RPC batch. 2025-03-26 allows them and later revisions forbid them, so a batch is served
 * only on a session of this principal that negotiated 2025-03-26 (and whose
 * `MCP-Protocol-Version`, when sent, says so). Each element is then its own request — its own
 * scope, authorization, limits and audit event — through the same session, as if posted alone;
 * the answers come back as one array in element order (notifications have none; a batch of only
 * notifications and responses is answered 202). Elements run concurrently, at most
 * `maxBatchSize` of them.
 */
export async function handleBatch(b: BatchContext, batch: Json[]): Promise<void> {
  const session = b.proxy.lookupSession(toProxyRequest(b.req, undefined, b.signal), b.owner);
  if (session !== undefined && session.outcome !== 'ok') {
    // An unknown or foreign session id: the same 404 a single request gets, audited alike.
    const record =
      session.outcome === 'session_foreign'
        ? { outcome: 'denied' as const, reasons: ['session belongs to another principal'] }
        : {};
    await sendWebResponse(b.res, b.proxy.sessionNotFound());
    return b.audit('batch', { record }, 'legacy');
  }
  const refusal = refuse(b, batch, session?.protocolVersion);
  if (refusal !== undefined) {
    sendRpcError(b.res, 400, { code: INVALID_REQUEST, message: refusal });
    return b.audit('invalid', { record: { outcome: 'failure', reasons: [refusal] } });
  }
  const answers = await Promise.all(batch.map((message) => answer(b, message)));
  if (b.signal.aborted) return;
  const replies = answers.flatMap((a) => (a.reply === undefined ? [] : [a.reply]));
  const challenge = answers.find((a) => a.challenge !== undefined)?.challenge;
  const sessionId = b.req.headers['mcp-session-id'] as string;
  if (replies.length === 0) {
    b.res.writeHead(202, { 'mcp-session-id': sessionId });
    return void b.res.end();
  }
  const body = `[${replies.join(',')}]`;
  b.res.writeHead(200, {
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(body)),
    'mcp-session-id': sessionId,
    ...(challenge === undefined ? {} : { 'www-authenticate': challenge }),
  });
  b.res.end(body);
}

/** Why this batch may not be served on this session, or undefined when it may. */
function refuse(
  b: BatchContext,
  batch: Json[],
  negotiated: string | undefined,
): string | undefined {
  const header = b.req.headers['mcp-protocol-version'];
  if (negotiated !== BATCH_REVISION || (header !== undefined && header !== BATCH_REVISION))
    return `Invalid Request: JSON-RPC batches are only supported on ${BATCH_REVISION} sessions`;
  if (batch.length > b.maxBatchSize)
    return `Invalid Request: a batch may hold at most ${b.maxBatchSize} messages`;
  if (batch.some((message) => message['method'] === 'initialize'))
    return 'Invalid Request: initialize must not be part of a batch';
  return undefined;
}

/** One element, served and audited on its own; `reply` is its JSON-RPC response text. */
async function answer(
  b: BatchContext,
  message: Json,
): Promise<{ reply?: string; challenge?: string }> {
  const method = typeof message['method'] === 'string' ? message['method'] : 'session.response';
  const scope = b.newScope();
  const challenge = method === 'tools/call' ? b.challenge(scope, message) : undefined;
  if (challenge !== undefined) {
    b.audit(method, scope);
    const reply = JSON.stringify({ jsonrpc: '2.0', id: message['id'], error: challenge.error });
    return { reply, challenge: challenge.header };
  }
  const request = toProxyRequest(b.req, undefined, b.signal);
  request.headers.delete('content-length');
  const result = await b.proxy.handle(request, {
    owner: b.owner,
    context: scope,
    parsedBody: withoutProgressToken(message),
  });
  const text = await result.response.text();
  b.audit(method, scope, result.era);
  if (text === '' || !('id' in message) || !('method' in message)) return {};
  return { reply: withId(text, message['id']) };
}

/** A transport-level refusal names no request (`id: null`); in a batch it answers this element. */
function withId(text: string, id: unknown): string {
  try {
    const parsed = JSON.parse(text) as Json;
    if (parsed['id'] !== null) return text;
    return JSON.stringify({ ...parsed, id });
  } catch {
    return JSON.stringify({
      jsonrpc: '2.0',
      id,
      error: { code: -32603, message: 'Internal error' },
    });
  }
}

/**
 * A batch is answered as one JSON array, so an element cannot stream progress ahead of its
 * result: its progress token is dropped and the element is served without progress.
 */
function withoutProgressToken(message: Json): Json {
  const params = message['params'] as Json | undefined;
  const meta = params?.['_meta'] as Json | undefined;
  if (meta === undefined || !('progressToken' in meta)) return message;
  const { progressToken: _dropped, ...rest } = meta;
  return { ...message, params: { ...params, _meta: rest } };
}
