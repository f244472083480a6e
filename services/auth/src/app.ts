import { createBaseApp, type BaseApp, type ReadinessCheck } from '@mcpgw/http';
import type { Logger } from '@mcpgw/logger';
import type { AuthConfig } from './config.js';
import type { EmbeddedIdp } from './embedded-idp/create-embedded-idp.js';

export const SERVICE_NAME = 'auth';

export interface AuthAppDeps {
  config: Readonly<AuthConfig>;
  logger: Logger;
  readinessChecks?: ReadinessCheck[];
  /** Reported by /auth/info; main.ts reads it from package.json. */
  version?: string;
  /** AUTH_MODE=embedded: the OpenID provider, mounted at its issuer path. */
  embeddedIdp?: Pick<EmbeddedIdp, 'mountPath' | 'handler'>;
}

/** The auth service's HTTP app, without listening: tests drive it in process. */
export function createApp(deps: AuthAppDeps): BaseApp {
  const base = createBaseApp({
    service: SERVICE_NAME,
    logger: deps.logger,
    bodyLimit: deps.config.HTTP_BODY_LIMIT,
    trustProxyHops: deps.config.TRUST_PROXY_HOPS,
    readinessChecks: deps.readinessChecks ?? [],
  });
  const info = { service: SERVICE_NAME, version: deps.version ?? '0.0.0' };
  // The ALB routes /auth/* to this service, so its own routes live under that prefix.
  base.app.get('/auth/info', (_req, res) => {
    res.json(info);
  });
  if (deps.embeddedIdp !== undefined) {
    // oidc-provider reads its own form bodies; the base app's JSON parser leaves those alone.
    base.app.use(deps.embeddedIdp.mountPath, deps.embeddedIdp.handler);
  }
  base.finalize();
  return base;
}
