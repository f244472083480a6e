import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createProxyEndpoint, sendWebResponse } from '@mcpgw/mcp';
import type { TokenVerifier } from '@mcpgw/identity';
import type { CallLimiter } from '../domain/mcp/call-tool.js';
import {
  createGatewayOperations,
  DEFAULT_PAGE_SIZE,
  type GatewayOperationsDeps,
} from '../domain/mcp/gateway-operations.js';
import type { SecretSource } from '../domain/credentials/secret-source.js';
import type { UpstreamPort } from '../domain/routing/upstream-port.js';
import type { ServingState } from '../domain/serving/serving-types.js';
import { protectedResourceMetadata, resourceMetadataUrl } from './auth-challenge.js';
import type { McpAuditSink } from './mcp-audit.js';
import { handleMcpRequest, type HotPathDeps } from './handle-mcp-request.js';
import { sendRpcError } from './json-rpc-reply.js';
import { isOriginAllowed } from './origin-check.js';
import { readCappedBody } from './read-capped-body.js';
import { toProxyHandlers } from './proxy-adapter.js';

export interface McpSettings {
  allowedOrigins: readonly string[];
  maxBodyBytes: number;
  maxJsonDepth: number;
  resourceUrl: string;
  issuer: string;
  sessionIdleMs: number;
  maxSessions: number;
  maxSessionsPerPrincipal: number;
  version: string;
  /** Items per list page (default 500). */
  listPageSize?: number;
  /** Signs list cursors; unset: a key generated for this process. */
  cursorSecret?: string;
  /** Most messages in one JSON-RPC batch on a 2025-03-26 session (default 20). */
  maxBatchSize?: number;
}

export interface McpEndpointDeps
  extends Omit<GatewayOperationsDeps, 'limiter' | 'pagination'>, HotPathDeps {
  getState(): ServingState | undefined;
  verifier: TokenVerifier;
  audit: McpAuditSink;
  upstream: UpstreamPort;
  secrets: SecretSource;
  limiter?: CallLimiter;
  settings: McpSettings;
}

type Next = (error?: unknown) => void;
/** Where preBody leaves the raw body for handle: a plain property, not a WeakMap (whose entries
 * kept every request alive through one extra young-generation GC). */
const BODY = Symbol('mcpgw.body');
type WithBody = IncomingMessage & { [BODY]?: Buffer };

/** `/mcp` and `/mcp/<serverId>`: the MCP endpoint agents call, plus its RFC 9728 metadata. */
export function createMcpEndpoint(deps: McpEndpointDeps) {
  const { settings } = deps;
  const origins = new Set(settings.allowedOrigins.map((o) => o.toLowerCase()));
  // One operations object for both paths: a cursor one path issues, the other accepts.
  const ops = createGatewayOperations({
    ...deps,
    pagination: {
      pageSize: settings.listPageSize ?? DEFAULT_PAGE_SIZE,
      cursorKey:
        settings.cursorSecret === undefined ? randomBytes(32) : Buffer.from(settings.cursorSecret),
    },
  });
  const proxy = createProxyEndpoint({
    handlers: toProxyHandlers(ops),
    serverInfo: { name: 'mcp-gateway', version: settings.version },
    maxBodyBytes: settings.maxBodyBytes,
    maxSessions: settings.maxSessions,
    maxSessionsPerOwner: settings.maxSessionsPerPrincipal,
    idleTimeoutMs: settings.sessionIdleMs,
  });
  const sweep = setInterval(
    () => void proxy.reapIdle().catch(() => undefined),
    Math.min(settings.sessionIdleMs, 30_000),
  );
  sweep.unref();
  const metadataUrl = resourceMetadataUrl(settings.resourceUrl);
  return {
    /**
     * Runs before the shared JSON body parser: Origin first, then the byte cap, then the raw body
     * is kept for the MCP handler (the parser then skips the already-consumed stream).
     */
    async preBody(req: IncomingMessage & { path?: string }, res: ServerResponse, next: Next) {
      const path = req.path ?? new URL(req.url ?? '/', 'http://x').pathname;
      if (path !== '/mcp' && !path.startsWith('/mcp/')) return next();
      if (!isOriginAllowed(req, origins)) {
        auditEarlyReject(deps.audit, req, path, 403, 'origin_not_allowed');
        return sendRpcError(res, 403, { code: -32000, message: 'Forbidden: origin not allowed' });
      }
      if (req.method !== 'POST') return next();
      const read = await readCappedBody(req, settings.maxBodyBytes);
      if (!read.ok) {
        if (read.reason === 'aborted') return void res.destroy();
        auditEarlyReject(deps.audit, req, path, 413, 'body_too_large');
        res.setHeader('connection', 'close');
        return sendRpcError(res, 413, { code: -32600, message: 'Request body too large' });
      }
      (req as WithBody)[BODY] = read.body;
      next();
    },
    handle(req: IncomingMessage & { params?: Record<string, unknown> }, res: ServerResponse) {
      const body = (req as WithBody)[BODY];
      return handleMcpRequest({ deps, ops, proxy, metadataUrl, sendWebResponse }, req, res, body);
    },
    metadata(_req: IncomingMessage, res: ServerResponse) {
      const scopes = deps.getState()?.scopesSupported ?? [];
      const body = JSON.stringify(
        protectedResourceMetadata(settings.resourceUrl, settings.issuer, scopes),
      );
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'max-age=300' });
      res.end(body);
    },
    get sessionCount() {
      return proxy.sessionCount;
    },
    async close() {
      clearInterval(sweep);
      await proxy.close();
    },
  };
}

export type McpEndpoint = ReturnType<typeof createMcpEndpoint>;

const SERVER_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/**
 * Requests refused before the body is read or a token looked at: nobody is authenticated yet, so
 * the actor is `anonymous`. Headers and body are attacker-controlled and stay out of the event;
 * the path contributes only a server id of sane shape.
 */
function auditEarlyReject(
  audit: McpAuditSink,
  req: IncomingMessage,
  route: string,
  httpStatus: 403 | 413,
  reason: 'origin_not_allowed' | 'body_too_large',
): void {
  const serverId = route.startsWith('/mcp/') ? route.slice(5) : undefined;
  audit.emit({
    action: 'mcp.request_rejected',
    actor: { subject: 'anonymous' },
    target: serverId !== undefined && SERVER_ID.test(serverId) ? { serverId } : {},
    decision: 'deny',
    reasons: [reason],
    outcome: 'denied',
    details: {
      route: serverId === undefined ? '/mcp' : '/mcp/:serverId',
      httpStatus,
      httpMethod: req.method ?? 'UNKNOWN',
    },
  });
}
