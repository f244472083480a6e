import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ProxyEndpoint } from '@mcpgw/mcp';
import type { GatewayOperations } from '../domain/mcp/gateway-operations.js';
import type { RequestScope } from '../domain/mcp/request-scope.js';
import { unauthorizedChallenge } from './auth-challenge.js';
import { authenticate } from './authenticate.js';
import { fastPathMethod } from './fast-path/fast-path-eligibility.js';
import { serveFastPath } from './fast-path/serve-fast-path.js';
import type { GatewayMetrics } from './gateway-metrics.js';
import { handleBatch } from './handle-batch.js';
import { emitMcpAudit } from './mcp-audit.js';
import type { McpEndpointDeps } from './mcp-endpoint.js';
import { sendRpcError, withRecordedHttpReply } from './json-rpc-reply.js';
import { normalizeListCursor, parseJsonRpc } from './parse-json-rpc.js';
import { scopeChallenge } from './scope-challenge.js';
import { outboundTraceparent } from './traceparent.js';
import { toProxyRequest } from './web-request.js';

interface Ctx {
  deps: McpEndpointDeps;
  /** The one operations object of this endpoint (fast path and SDK path share its cursor key). */
  ops: GatewayOperations;
  proxy: ProxyEndpoint;
  metadataUrl: string;
  sendWebResponse(res: ServerResponse, response: Response): Promise<void>;
}

type Req = IncomingMessage & { params?: Record<string, unknown> };

/**
 * Optional hot-path deps (read off the endpoint deps): `fastPath: false` sends every request
 * through the SDK (the switch the equivalence tests flip); `metrics` counts requests/decisions.
 */
export interface HotPathDeps {
  fastPath?: boolean;
  metrics?: GatewayMetrics;
}

/** The server identity the SDK path stamps on results (mcp-endpoint.ts `serverInfo`). */
const SERVER_NAME = 'mcp-gateway';
/** Most messages in one batch when the endpoint was not told otherwise. */
const DEFAULT_MAX_BATCH = 20;

/** Order: (Origin, cap done before) → authentication → readiness → shape → scope → dispatch. */
export async function handleMcpRequest(
  ctx: Ctx,
  req: Req,
  res: ServerResponse,
  body: Buffer | undefined,
) {
  const started = performance.now();
  const { deps } = ctx;
  const hot = deps as McpEndpointDeps & HotPathDeps;
  const state = deps.getState();
  const auth = await authenticate(req, deps.verifier, state);
  const route = req.params?.['serverId'] === undefined ? '/mcp' : '/mcp/:serverId';
  const audit = (
    method: string,
    scope: Pick<RequestScope, 'record'>,
    actor: { subject: string; clientId?: string },
    era?: string,
  ) => {
    hot.metrics?.recordRequest(method, scope.record, res.statusCode);
    emitMcpAudit(deps.audit, {
      method,
      actor,
      record: scope.record,
      httpStatus: res.statusCode,
      latencyMs: Math.round(performance.now() - started),
      route,
      ...(era === undefined ? {} : { era }),
    });
  };
  if (!auth.ok) {
    sendRpcError(
      res,
      401,
      { code: -32000, message: 'Unauthorized' },
      {
        headers: {
          'www-authenticate': unauthorizedChallenge(ctx.metadataUrl, auth.tokenPresented),
        },
      },
    );
    return audit(
      'unauthenticated',
      {
        record: {
          outcome: 'denied',
          decision: 'deny',
          reasons: [`unauthenticated: ${auth.reason}`],
        },
      },
      { subject: 'anonymous' },
    );
  }
  const actor = {
    subject: auth.principal.subject,
    ...(auth.principal.clientId === undefined ? {} : { clientId: auth.principal.clientId }),
  };
  if (state === undefined) {
    sendRpcError(
      res,
      503,
      { code: -32000, message: 'Gateway not ready' },
      { headers: { 'retry-after': '2' } },
    );
    return hot.metrics?.recordRequest('not_ready', {}, 503);
  }
  const rawFilter = req.params?.['serverId'];
  const serverFilter = typeof rawFilter === 'string' ? rawFilter : undefined;
  if (serverFilter !== undefined && !state.servers.has(serverFilter)) {
    sendRpcError(res, 404, { code: -32000, message: 'Unknown MCP server' });
    return hot.metrics?.recordRequest('unknown_server', {}, 404);
  }
  const parsed =
    req.method === 'POST'
      ? parseJsonRpc(body ?? Buffer.alloc(0), deps.settings.maxJsonDepth)
      : undefined;
  if (parsed !== undefined && !parsed.ok) {
    sendRpcError(
      res,
      parsed.status,
      { code: parsed.code, message: parsed.message },
      { id: parsed.id },
    );
    return audit('invalid', { record: { outcome: 'failure' } }, actor);
  }
  const newScope = (): RequestScope => ({
    principal: auth.principal,
    agentId: auth.agentId,
    serverFilter,
    state,
    traceparent: outboundTraceparent(req.headers.traceparent as string | undefined),
    subjectToken: /^Bearer +(\S+)$/i.exec(req.headers.authorization?.trim() ?? '')?.[1],
    now: new Date(),
    record: {},
  });
  const owner = `${auth.principal.issuer}|${auth.principal.subject}|${auth.principal.clientId ?? ''}|${serverFilter ?? ''}`;
  const aborter = new AbortController();
  // Only a response that did not finish means the agent went away; aborting after every
  // response cost a DOMException (stack capture) per request and kept its graph reachable.
  res.once('close', () => {
    if (!res.writableFinished) aborter.abort();
  });
  if (parsed?.message !== undefined) normalizeListCursor(parsed.message);
  if (parsed?.batch !== undefined) {
    parsed.batch.forEach(normalizeListCursor);
    return handleBatch(
      {
        proxy: ctx.proxy,
        req,
        res,
        owner,
        signal: aborter.signal,
        maxBatchSize: deps.settings.maxBatchSize ?? DEFAULT_MAX_BATCH,
        newScope,
        challenge: (scope, message) => scopeChallenge(ctx.metadataUrl, scope, message),
        audit: (method, scope, era) => audit(method, scope, actor, era),
      },
      parsed.batch,
    );
  }
  const message = parsed?.message;
  const method =
    typeof message?.['method'] === 'string'
      ? message['method']
      : `session.${(req.method ?? 'get').toLowerCase()}`;
  const scope = newScope();
  const challenge =
    method === 'tools/call' ? scopeChallenge(ctx.metadataUrl, scope, message!) : undefined;
  if (challenge !== undefined) {
    sendRpcError(res, 403, challenge.error, {
      id: message!['id'],
      headers: { 'www-authenticate': challenge.header },
    });
    return audit(method, scope, actor);
  }
  const fast =
    hot.fastPath === false ? undefined : fastPathMethod(req.method, req.headers, message);
  if (fast !== undefined) {
    const server = { name: SERVER_NAME, version: deps.settings.version };
    await serveFastPath(
      { ops: ctx.ops, scope, method: fast, message: message!, server, signal: aborter.signal },
      res,
    );
    return audit(method, scope, actor, 'modern');
  }
  const request = toProxyRequest(req, body, aborter.signal);
  const result = await ctx.proxy.handle(request, { owner, context: scope, parsedBody: message });
  if (result.outcome === 'session_foreign') {
    scope.record.outcome = 'denied';
    scope.record.reasons = ['session belongs to another principal'];
  }
  await ctx.sendWebResponse(res, withRecordedHttpReply(result.response, scope.record));
  audit(method, scope, actor, result.era);
}
