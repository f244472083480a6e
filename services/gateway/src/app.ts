import type { IncomingMessage, ServerResponse } from 'node:http';
import type express from 'express';
import { createBaseApp, type BaseApp, type ReadinessCheck } from '@mcpgw/http';
import type { Logger } from '@mcpgw/logger';
import type { GatewayConfig } from './config.js';
import { createGatewayMetrics } from './http/gateway-metrics.js';
import { sendRpcError } from './http/json-rpc-reply.js';
import { createMcpEndpoint, type McpEndpoint, type McpEndpointDeps } from './http/mcp-endpoint.js';

export const SERVICE_NAME = 'gateway';

export interface GatewayAppDeps {
  config: Readonly<GatewayConfig>;
  logger: Logger;
  readinessChecks?: ReadinessCheck[];
  /** Reported by /info; main.ts reads it from package.json. */
  version?: string;
  /** The MCP endpoint's ports; without them /mcp is not mounted (tests of the bare app). */
  mcp?: Omit<McpEndpointDeps, 'settings' | 'metrics' | 'fastPath'>;
}

export interface GatewayApp extends BaseApp {
  /** Present when `mcp` deps were given; close it on shutdown (sessions, reaper). */
  mcp?: McpEndpoint;
}

/** The gateway service's HTTP app, without listening: tests drive it in process. */
export function createApp(deps: GatewayAppDeps): GatewayApp {
  const base = createBaseApp({
    service: SERVICE_NAME,
    logger: deps.logger,
    bodyLimit: deps.config.HTTP_BODY_LIMIT,
    trustProxyHops: deps.config.TRUST_PROXY_HOPS,
    readinessChecks: deps.readinessChecks ?? [],
  });
  const info = { service: SERVICE_NAME, version: deps.version ?? '0.0.0' };
  // /mcp is reserved for the MCP endpoint; service metadata sits apart from it.
  base.app.get('/info', (_req, res) => {
    res.json(info);
  });
  const mcp = deps.mcp === undefined ? undefined : mountMcp(base, deps, deps.mcp);
  base.finalize();
  if (mcp === undefined) return base;
  // The shared JSON parser would answer MCP bodies with REST errors; the MCP pre-body step runs
  // in front of the whole base app so Origin and the byte cap come first and stay JSON-RPC.
  // A plain function in front, not a second express app: every express app swaps the prototypes
  // of req and res on entry and exit, which made V8 keep each request's objects past
  // young-generation GCs. startHttpServer builds req/res with the base app's prototypes.
  const inner = base.app;
  const outer = Object.assign(
    (req: IncomingMessage, res: ServerResponse) => {
      const next = (error?: unknown): void => {
        if (error === undefined) return void inner(req, res);
        if (res.headersSent) return void res.destroy();
        sendRpcError(res, 500, { code: -32603, message: 'Internal error' });
      };
      mcp.preBody(req, res, next).catch(next);
    },
    { request: inner.request, response: inner.response },
  ) as unknown as express.Express;
  return { ...base, app: outer, mcp };
}

function mountMcp(
  base: BaseApp,
  deps: GatewayAppDeps,
  ports: Omit<McpEndpointDeps, 'settings' | 'metrics' | 'fastPath'>,
) {
  const { config } = deps;
  // Metrics are registered on the app's own registry, which exists only once the base app does.
  const metrics = createGatewayMetrics(base.metricsRegistry);
  const mcp = createMcpEndpoint({
    ...ports,
    upstream: metrics.instrumentUpstream(ports.upstream),
    metrics,
    fastPath: config.GATEWAY_MCP_FAST_PATH,
    settings: {
      allowedOrigins: config.GATEWAY_ALLOWED_ORIGINS ?? [],
      maxBodyBytes: config.GATEWAY_MAX_BODY_BYTES,
      maxJsonDepth: config.GATEWAY_MAX_JSON_DEPTH,
      resourceUrl: config.GATEWAY_RESOURCE_URL,
      issuer: config.GATEWAY_OIDC_ISSUER,
      sessionIdleMs: config.GATEWAY_SESSION_IDLE_MS,
      maxSessions: config.GATEWAY_MAX_SESSIONS,
      maxSessionsPerPrincipal: config.GATEWAY_MAX_SESSIONS_PER_PRINCIPAL,
      version: deps.version ?? '0.0.0',
      listPageSize: config.GATEWAY_LIST_PAGE_SIZE,
      maxBatchSize: config.GATEWAY_MAX_BATCH_SIZE,
      ...(config.GATEWAY_CURSOR_SECRET ? { cursorSecret: config.GATEWAY_CURSOR_SECRET } : {}),
    },
  });
  const handle: express.RequestHandler = (req, res, next) => void mcp.handle(req, res).catch(next);
  base.app.all(['/mcp', '/mcp/:serverId'], handle);
  const metadata: express.RequestHandler = (req, res) => mcp.metadata(req, res);
  base.app.get(
    ['/.well-known/oauth-protected-resource', '/.well-known/oauth-protected-resource/mcp'],
    metadata,
  );
  return mcp;
}
