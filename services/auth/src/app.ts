import { createBaseApp, type BaseApp, type ReadinessCheck } from '@mcpgw/http';
import type { Logger } from '@mcpgw/logger';
import type { AuthConfig } from './config.js';
import { consoleRouter, type ConsoleRouterDeps } from './console/console-router.js';
import type { EmbeddedIdp } from './embedded-idp/create-embedded-idp.js';
import { provisioningRouter, type ProvisioningRouterDeps } from './http/provisioning-routes.js';
import {
  tokenExchangeRouter,
  type TokenExchangeRouterDeps,
} from './token-exchange/token-exchange-router.js';

export const SERVICE_NAME = 'auth';

export interface AuthAppDeps {
  config: Readonly<AuthConfig>;
  logger: Logger;
  readinessChecks?: ReadinessCheck[];
  /** Reported by /auth/info; main.ts reads it from package.json. */
  version?: string;
  /** AUTH_MODE=embedded: the OpenID provider, mounted at its issuer path. */
  embeddedIdp?: Pick<EmbeddedIdp, 'mountPath' | 'handler' | 'interactions'>;
  /** Console login, sessions and logout under /auth (see console/create-identity-edge.ts). */
  console?: ConsoleRouterDeps;
  /** POST /auth/token-exchange for the gateway. */
  tokenExchange?: TokenExchangeRouterDeps;
  /** /auth/admin provisioning endpoints for the registry (see admin-auth/create-admin-routes.ts). */
  admin?: ProvisioningRouterDeps;
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
  if (deps.console !== undefined) base.app.use(consoleRouter(deps.console));
  if (deps.tokenExchange !== undefined) base.app.use(tokenExchangeRouter(deps.tokenExchange));
  if (deps.admin !== undefined) base.app.use(provisioningRouter(deps.admin));
  if (deps.embeddedIdp !== undefined) {
    const { mountPath, interactions, handler } = deps.embeddedIdp;
    // The dev login pages parse their own form bodies; they must precede the provider.
    if (interactions !== undefined) base.app.use(`${mountPath}/interaction`, interactions);
    // oidc-provider reads its own form bodies; the base app's JSON parser leaves those alone.
    base.app.use(mountPath, handler);
  }
  base.finalize();
  return base;
}
