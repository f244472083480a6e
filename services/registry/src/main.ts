import { randomUUID } from 'node:crypto';
import { loadConfigOrExit } from '@mcpgw/config';
import { readPackageVersion, startHttpServer } from '@mcpgw/http';
import { createCachingVerifier, createGroupMapper, createTokenVerifier } from '@mcpgw/identity';
import { createLogger } from '@mcpgw/logger';
import type { NetGuardPolicy } from '@mcpgw/net-guard';
import { createApp, SERVICE_NAME } from './app.js';
import { configSchema, type RegistryConfig } from './config.js';
import { createAuthProvisioningClient } from './data-access/auth-provisioning-client.js';
import { createClientCredentialsToken } from './data-access/client-credentials-token.js';
import { createMirroredStore } from './data-access/mirror/mirrored-store.js';
import { openStore } from './data-access/open-store.js';
import { NO_IDENTITY_PROVISIONING } from './domain/ports/identity-provisioning.js';
import { createAuditLog } from './domain/audit/audit-log.js';
import { seedSampleServer } from './domain/dev/seed-sample-server.js';
import { createCatalogViewCache } from './domain/search/catalog-view.js';
import { createSnapshotCache } from './domain/snapshot/snapshot-cache.js';
import { createVersionDiscovery } from './domain/discovery/create-version-discovery.js';
import { createDriftMonitor } from './domain/drift/create-drift-monitor.js';
import { createHealthProber } from './domain/health/create-health-prober.js';
import { REGISTRY_INDEXES } from './domain/indexes.js';
import { systemClock } from './domain/ports/clock.js';
import { createChangeNotifier, type RegistryContext } from './domain/registry-context.js';

// Composition root. The environment is parsed before anything else so a bad deployment stops
// here with every problem listed, not later with a half-started service.
const config = loadConfigOrExit(configSchema, { service: SERVICE_NAME });
const logger = createLogger({ service: SERVICE_NAME, level: config.LOG_LEVEL });
const version = readPackageVersion(new URL('../package.json', import.meta.url));

function createVerifier(cfg: Readonly<RegistryConfig>) {
  const groups = JSON.parse(cfg.REGISTRY_GROUP_ROLE_MAP) as Record<string, string[]>;
  return createCachingVerifier(
    createTokenVerifier({
      issuers: [
        {
          issuer: cfg.REGISTRY_OIDC_ISSUER,
          audiences: [...cfg.REGISTRY_TOKEN_AUDIENCES],
          ...(cfg.REGISTRY_OIDC_JWKS_URI ? { jwksUri: cfg.REGISTRY_OIDC_JWKS_URI } : {}),
        },
      ],
      groupMapper: createGroupMapper({
        groups: Object.fromEntries(Object.entries(groups).map(([g, roles]) => [g, { roles }])),
      }),
    }),
  );
}

try {
  const changes = createChangeNotifier();
  const opened = await openStore(config, logger);
  // Bulk reads from an in-memory mirror: a snapshot rebuild must not rescan the database.
  const mirror =
    config.REGISTRY_READ_MIRROR === 'on' ||
    (config.REGISTRY_READ_MIRROR === 'auto' && config.REGISTRY_STORE === 'mongo')
      ? createMirroredStore(opened, {
          syncMs: config.REGISTRY_MIRROR_SYNC_MS,
          fullResyncMs: config.REGISTRY_MIRROR_FULL_RESYNC_MS,
          clock: systemClock,
          logger,
          changes,
        })
      : undefined;
  const store = mirror ?? opened;
  await store.ensureIndexes(REGISTRY_INDEXES);
  // Loads in the background; /readyz reports not ready until the mirror holds everything.
  void mirror?.start();
  const ctx: RegistryContext = {
    store,
    clock: systemClock,
    audit: createAuditLog({ store, clock: systemClock, instance: `registry-${randomUUID()}` }),
    changes,
    logger,
  };
  const netPolicy: NetGuardPolicy = {
    allowPrivateNetworks: [...config.REGISTRY_ALLOW_PRIVATE_NETWORKS],
    allowHosts: [...config.REGISTRY_ALLOW_HOSTS],
  };
  const discovery = createVersionDiscovery(ctx, {
    netGuard: netPolicy,
    timeoutMs: config.DISCOVERY_TIMEOUT_MS,
  });
  const jobs = config.REGISTRY_BACKGROUND_JOBS
    ? [
        createDriftMonitor(ctx, discovery, { intervalMs: config.DRIFT_INTERVAL_MS }),
        createHealthProber(ctx, {
          netGuard: netPolicy,
          defaultIntervalMs: config.HEALTH_TICK_MS,
          concurrency: 4,
        }),
      ]
    : [];

  const snapshots = createSnapshotCache(ctx, {
    environments: [...config.REGISTRY_ENVIRONMENTS],
    refreshMs: config.SNAPSHOT_REFRESH_MS,
  });
  const catalog = createCatalogViewCache(ctx, { refreshMs: config.SNAPSHOT_REFRESH_MS });

  const provisioning = config.REGISTRY_AUTH_ADMIN_URL
    ? createAuthProvisioningClient({
        baseUrl: config.REGISTRY_AUTH_ADMIN_URL,
        timeoutMs: config.REGISTRY_AUTH_TIMEOUT_MS,
        tokens: createClientCredentialsToken({
          // Both are required with the admin URL (config superRefine).
          tokenUrl: config.REGISTRY_AUTH_TOKEN_URL ?? '',
          clientId: config.REGISTRY_AUTH_CLIENT_ID,
          clientSecret: config.REGISTRY_AUTH_CLIENT_SECRET ?? '',
          timeoutMs: config.REGISTRY_AUTH_TIMEOUT_MS,
        }),
      })
    : NO_IDENTITY_PROVISIONING;

  const { app, lifecycle } = createApp({
    config,
    logger,
    ctx,
    verifier: createVerifier(config),
    netPolicy,
    discovery,
    snapshots,
    catalog,
    provisioning,
    version,
    readinessChecks: [
      { name: 'store', check: () => store.ping() },
      ...(mirror ? [{ name: 'read_mirror', check: () => mirror.ready() }] : []),
    ],
  });
  const running = await startHttpServer(app, {
    port: config.REGISTRY_PORT,
    host: config.REGISTRY_HOST,
    logger,
    lifecycle,
    drainTimeoutMs: config.SHUTDOWN_DRAIN_MS,
    closers: [
      async () => void (await Promise.all(jobs.map((job) => job.stop()))),
      () => store.close(),
    ],
  });
  logger.info('registry listening', { url: running.url, version, store: config.REGISTRY_STORE });

  if (config.REGISTRY_DEV_SEED) {
    // A failed seed (sample server not running yet) must not take the registry down.
    await seedSampleServer(ctx, {
      url: config.REGISTRY_DEV_SAMPLE_SERVER_URL,
      netPolicy,
      discovery,
    }).then(
      (seeded) =>
        logger.info(
          seeded
            ? 'sample MCP server registered and approved'
            : 'sample MCP server already present',
          {
            server: 'acme-crm',
            url: config.REGISTRY_DEV_SAMPLE_SERVER_URL,
          },
        ),
      (error: unknown) =>
        logger.error('sample MCP server seeding failed', {
          error: error instanceof Error ? error.message : String(error),
          url: config.REGISTRY_DEV_SAMPLE_SERVER_URL,
        }),
    );
  }
  for (const job of jobs) job.start();

  await running.closed;
  // Everything is closed, so the process should exit by itself; the unref'd timer only forces
  // it if some library left a handle open.
  setTimeout(() => process.exit(0), 1_000).unref();
} catch (error) {
  logger.error('registry failed to start', {
    error: error instanceof Error ? error.message : String(error),
  });
  process.exitCode = 1;
}
