import { loadConfigOrExit } from '@mcpgw/config';
import { readPackageVersion, startHttpServer } from '@mcpgw/http';
import { createLogger } from '@mcpgw/logger';
import { SERVICE_NAME } from './app.js';
import { composeAuthApp } from './compose-auth-app.js';
import { configSchema } from './config.js';
import { openSessionStore } from './sessions/open-session-store.js';

// Composition root. The environment is parsed before anything else so a bad deployment stops
// here with every problem listed, not later with a half-started service.
const config = loadConfigOrExit(configSchema, { service: SERVICE_NAME });
const logger = createLogger({ service: SERVICE_NAME, level: config.LOG_LEVEL });
const version = readPackageVersion(new URL('../package.json', import.meta.url));

try {
  const sessionStore = await openSessionStore(config, logger);
  const { app, lifecycle, sessions } = await composeAuthApp({
    config,
    logger,
    store: sessionStore.store,
    version,
  });
  const stopSweeping = sessionStore.startSweeping(sessions.sweep);
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
