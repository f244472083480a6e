import type { BaseApp } from '@mcpgw/http';
import type { Logger } from '@mcpgw/logger';
import { createAdminRoutes } from './admin-auth/create-admin-routes.js';
import { createApp } from './app.js';
import type { AuthConfig } from './config.js';
import { createIdentityEdge } from './console/create-identity-edge.js';
import { createEmbeddedIdp, type EmbeddedIdp } from './embedded-idp/create-embedded-idp.js';
import type { SessionService } from './sessions/session-service.js';
import type { SessionStore } from './sessions/session-store.js';

export interface AuthComposition extends BaseApp {
  /** Set in embedded mode: the in-process OpenID provider. */
  embeddedIdp?: EmbeddedIdp;
  /** Console sessions; the caller sweeps expired ones on its own schedule. */
  sessions: SessionService;
}

/**
 * The auth service wired as it runs: the embedded provider in embedded mode (Keycloak mode mounts
 * none — tokens come from the realm), console login and token exchange over `store`, and the
 * provisioning admin endpoints (embedded mode provisions the provider's own in-memory clients;
 * Keycloak mode connects on the first admin request, so a Keycloak outage never stops auth from
 * starting). main.ts and every test that starts the service call this one function.
 */
export async function composeAuthApp(deps: {
  config: Readonly<AuthConfig>;
  logger: Logger;
  store: SessionStore;
  version?: string;
}): Promise<AuthComposition> {
  const { config, logger, store } = deps;
  const embeddedIdp =
    config.AUTH_MODE === 'embedded' ? await createEmbeddedIdp(config, logger) : undefined;
  const edge = createIdentityEdge({
    config,
    logger,
    store,
    ...(embeddedIdp === undefined ? {} : { embedded: embeddedIdp }),
  });
  const admin = createAdminRoutes({
    config,
    logger,
    issuer: config.AUTH_OIDC_ISSUER ?? embeddedIdp?.issuer ?? '',
    ...(embeddedIdp === undefined ? {} : { embedded: embeddedIdp.provisioning }),
  });
  const base = createApp({
    config,
    logger,
    console: edge.console,
    tokenExchange: edge.tokenExchange,
    admin,
    ...(deps.version === undefined ? {} : { version: deps.version }),
    ...(embeddedIdp === undefined ? {} : { embeddedIdp }),
  });
  return {
    ...base,
    sessions: edge.sessions,
    ...(embeddedIdp === undefined ? {} : { embeddedIdp }),
  };
}
