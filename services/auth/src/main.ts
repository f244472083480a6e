import { loadConfigOrExit } from '@mcpgw/config';
import { readPackageVersion, startHttpServer } from '@mcpgw/http';
import { createLogger } from '@mcpgw/logger';
import { createAdminRoutes } from './admin-auth/create-admin-routes.js';
import { createApp, SERVICE_NAME } from './app.js';
import { configSchema } from './config.js';
import { createIdentityEdge } from './console/create-identity-edge.js';
import { createEmbeddedIdp } from './embedded-idp/create-embedded-idp.js';
import { openSessionStore } from './sessions/open-session-store.js';

// Composition root. The environment is parsed before anything else so a bad deployment stops
// here with every problem listed, not later with a half-started service.
const config = loadConfigOrExit(configSchema, { service: SERVICE_NAME });
const logger = createLogger({ service: SERVICE_NAME, level: config.LOG_LEVEL });
const version = readPackageVersion(new URL('../package.json', import.meta.url));

try {
  // Keycloak mode mounts no provider: tokens come from the realm itself.
  const embeddedIdp =
    config.AUTH_MODE === 'embedded' ? await createEmbeddedIdp(config, logger) : undefined;
  const sessionStore = await openSessionStore(config, logger);
  const edge = createIdentityEdge({
    config,
    logger,
    store: sessionStore.store,
    ...(embeddedIdp === undefined ? {} : { embedded: embeddedIdp }),
  });
  const stopSweeping = sessionStore.startSweeping(edge.sessions.sweep);
  // Embedded mode provisions the provider's own in-memory clients. Keycloak mode connects on
  // the first admin request (bounded retry), so a Keycloak outage never stops auth from
  // starting, and readiness does not depend on it.
  const admin = createAdminRoutes({
    config,
    logger,
    issuer: config.AUTH_OIDC_ISSUER ?? embeddedIdp?.issuer ?? '',
    ...(embeddedIdp === undefined ? {} : { embedded: embeddedIdp.provisioning }),
  });
  const { app, lifecycle } = createApp({
    config,
    logger,
    version,
    console: edge.console,
    tokenExchange: edge.tokenExchange,
    admin,
    ...(embeddedIdp === undefined ? {} : { embeddedIdp }),
  });
  const running = await startHttpServer(app, {
    port: config.AUTH_PORT,
    host: config.AUTH_HOST,
    logger,
    lifecycle,
    drainTimeoutMs: config.SHUTDOWN_DRAIN_MS,
  });
  logger.info('auth listening', { url: running.url, version });
  await running.closed;
  stopSweeping();
  await sessionStore.close();
  // Everything is closed, so the process should exit by itself; the unref'd timer only forces
  // it if some library left a handle open.
  setTimeout(() => process.exit(0), 1_000).unref();
} catch (error) {
  logger.error('auth failed to start', {
    error: error instanceof Error ? error.message : String(error),
  });
  process.exitCode = 1;
}
