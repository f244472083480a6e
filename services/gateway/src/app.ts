import { createBaseApp, type BaseApp, type ReadinessCheck } from '@mcpgw/http';
import type { Logger } from '@mcpgw/logger';
import type { GatewayConfig } from './config.js';

export const SERVICE_NAME = 'gateway';

export interface GatewayAppDeps {
  config: Readonly<GatewayConfig>;
  logger: Logger;
  readinessChecks?: ReadinessCheck[];
  /** Reported by /info; main.ts reads it from package.json. */
  version?: string;
}

/** The gateway service's HTTP app, without listening: tests drive it in process. */
export function createApp(deps: GatewayAppDeps): BaseApp {
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
  base.finalize();
  return base;
}
