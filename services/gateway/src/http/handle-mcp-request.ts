import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ProxyEndpoint } from '@mcpgw/mcp';
import { resolveToolForCall } from '../domain/authz/resolve-tool.js';
import {
  createGatewayOperations,
  type GatewayOperations,
} from '../domain/mcp/gateway-operations.js';
import type { RequestScope } from '../domain/mcp/request-scope.js';
import { insufficientScopeChallenge, unauthorizedChallenge } from './auth-challenge.js';
import { authenticate } from './authenticate.js';
import { fastPathMethod } from './fast-path/fast-path-eligibility.js';
import { serveFastPath } from './fast-path/serve-fast-path.js';
import type { GatewayMetrics } from './gateway-metrics.js';
import { emitMcpAudit } from './mcp-audit.js';
import type { McpEndpointDeps } from './mcp-endpoint.js';
import { sendRpcError, INVALID_REQUEST, withRecordedHttpReply } from './json-rpc-reply.js';
import { parseJsonRpc } from './parse-json-rpc.js';
import { outboundTraceparent } from './traceparent.js';
import { toProxyRequest } from './web-request.js';

interface Ctx {
  deps: McpEndpointDeps;
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
const operations = new WeakMap<McpEndpointDeps, GatewayOperations>();

function operationsFor(deps: McpEndpointDeps): GatewayOperations {
  let ops = operations.get(deps);
  if (ops === undefined) {
    ops = createGatewayOperations(deps);
    operations.set(deps, ops);
  }
  return ops;
}

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
  const message = parsed?.ok === true ? parsed.message : undefined;
  const method =
    typeof message?.['method'] === 'string'
      ? message['method']
      : `session.${(req.method ?? 'get').toLowerCase()}`;
  const scope: RequestScope = {
    principal: auth.principal,
    agentId: auth.agentId,
    serverFilter,
    state,
    traceparent: outboundTraceparent(req.headers.traceparent as string | undefined),
    now: new Date(),
    record: {},
  };
  if (method === 'tools/call' && challengeScope(ctx, scope, message!, res))
    return audit(method, scope, actor);
  const aborter = new AbortController();
  res.once('close', () => aborter.abort());
  const fast =
    hot.fastPath === false ? undefined : fastPathMethod(req.method, req.headers, message);
  if (fast !== undefined) {
    const server = { name: SERVER_NAME, version: deps.settings.version };
    const ops = operationsFor(deps);
    await serveFastPath(
      { ops, scope, method: fast, message: message!, server, signal: aborter.signal },
      res,
    );
    return audit(method, scope, actor, 'modern');
  }
  const owner = `${auth.principal.issuer}|${auth.principal.subject}|${auth.principal.clientId ?? ''}|${serverFilter ?? ''}`;
  const request = toProxyRequest(req, body, aborter.signal);
  const result = await ctx.proxy.handle(request, { owner, context: scope, parsedBody: message });
  if (result.outcome === 'session_foreign') {
    scope.record.outcome = 'denied';
    scope.record.reasons = ['session belongs to another principal'];
  }
  await ctx.sendWebResponse(res, withRecordedHttpReply(result.response, scope.record));
  audit(method, scope, actor, result.era);
}

/** A visible tool needing more scope: HTTP 403 naming the scopes (step-up authorization). */
function challengeScope(
  ctx: Ctx,
  scope: RequestScope,
  message: Record<string, unknown>,
  res: ServerResponse,
): boolean {
  const params = message['params'] as Record<string, unknown> | undefined;
  const name = typeof params?.['name'] === 'string' ? params['name'] : '';
  const resolution = resolveToolForCall(scope, name);
  if (resolution.kind !== 'insufficient_scope') return false;
  Object.assign(scope.record, {
    serverId: resolution.tool.serverId,
    tool: resolution.tool.name,
    decision: 'deny',
    outcome: 'denied',
    reasons: [`missing required scopes: ${resolution.missingScopes.join(' ')}`],
  });
  sendRpcError(
    res,
    403,
    {
      code: INVALID_REQUEST,
      message: 'Insufficient scope',
      data: {
        requiredScopes: resolution.tool.requiredScopes,
        missingScopes: resolution.missingScopes,
      },
    },
    {
      id: message['id'],
      headers: {
        'www-authenticate': insufficientScopeChallenge(
          ctx.metadataUrl,
          resolution.tool.requiredScopes,
        ),
      },
    },
  );
  return true;
}
