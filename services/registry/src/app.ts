import { createBaseApp, type BaseApp, type ReadinessCheck } from '@mcpgw/http';
import type { TokenVerifier } from '@mcpgw/identity';
import type { Logger } from '@mcpgw/logger';
import type { NetGuardPolicy } from '@mcpgw/net-guard';
import type { RegistryConfig } from './config.js';
import type { IdentityProvisioning } from './domain/ports/identity-provisioning.js';
import type { VersionDiscovery } from './domain/ports/version-discovery.js';
import type { RegistryContext } from './domain/registry-context.js';
import type { CatalogViewCache } from './domain/search/catalog-view.js';
import type { SnapshotCache } from './domain/snapshot/snapshot-cache.js';
import { catalogRoutes } from './http/catalog/catalog-routes.js';
import { distributionRoutes } from './http/distribution/distribution-routes.js';
import { governanceRoutes } from './http/governance/governance-routes.js';
import { mountRegistryApi } from './http/mount-api.js';
import { operationsRoutes } from './http/operations/operations-routes.js';
import type { RouteDefinition } from './http/route.js';

export const SERVICE_NAME = 'registry';

export interface RegistryAppDeps {
  config: Readonly<RegistryConfig>;
  logger: Logger;
  ctx: RegistryContext;
  verifier: TokenVerifier;
  netPolicy: NetGuardPolicy;
  discovery: VersionDiscovery;
  /** In-memory indexes behind the snapshot, search, tool discovery and /v0.1 routes. */
  snapshots: SnapshotCache;
  catalog: CatalogViewCache;
  /** Keycloak provisioning through the auth service; a no-op when not configured. */
  provisioning?: IdentityProvisioning;
  readinessChecks?: ReadinessCheck[];
  /** Reported by /info; main.ts reads it from package.json. */
  version?: string;
}

/** Every API route of the registry, in one list: the router, the role check and OpenAPI use it. */
export function registryRoutes(deps: RegistryAppDeps): RouteDefinition[] {
  return [
    ...catalogRoutes(deps.ctx, { netPolicy: deps.netPolicy, discovery: deps.discovery }),
    ...operationsRoutes(deps.ctx, { discovery: deps.discovery }),
    ...governanceRoutes(deps.ctx, deps.provisioning ? { provisioning: deps.provisioning } : {}),
    ...distributionRoutes(deps.ctx, {
      snapshots: deps.snapshots,
      catalog: deps.catalog,
      namespace: deps.config.REGISTRY_NAMESPACE,
      policyEnvironmentDefault: deps.config.REGISTRY_POLICY_ENVIRONMENT_DEFAULT,
      netPolicy: deps.netPolicy,
    }),
  ];
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
  mountRegistryApi(base.app, {
    verifier: deps.verifier,
    routes: registryRoutes(deps),
    gatewayClientIds: deps.config.REGISTRY_GATEWAY_CLIENT_IDS,
    version: info.version,
  });
  base.finalize();
  return base;
}
