import { createBaseApp, type BaseApp, type ReadinessCheck } from '@mcpgw/http';
import type { Logger } from '@mcpgw/logger';
import type { RegistryConfig } from './config.js';

export const SERVICE_NAME = 'registry';

export interface RegistryAppDeps {
  config: Readonly<RegistryConfig>;
  logger: Logger;
  readinessChecks?: ReadinessCheck[];
  /** Reported by /info; main.ts reads it from package.json. */
  version?: string;
}

/** The registry service's HTTP app, without listening: tests drive it in process. */
export function createApp(deps: RegistryAppDeps): BaseApp {
  const base = createBaseApp({
    service: SERVICE_NAME,
    logger: deps.logger,
    bodyLimit: deps.config.HTTP_BODY_LIMIT,
    trustProxyHops: deps.config.TRUST_PROXY_HOPS,
    readinessChecks: deps.readinessChecks ?? [],
  });
  const info = { service: SERVICE_NAME, version: deps.version ?? '0.0.0' };
  // Public and unauthenticated, so it stays outside /v1, /v0.1 and /internal (the API's prefixes).
  base.app.get('/info', (_req, res) => {
    res.json(info);
  });
  base.finalize();
  return base;
}
