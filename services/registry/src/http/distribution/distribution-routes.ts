import type { Environment } from '../../domain/model/lifecycle.js';
import type { RegistryContext } from '../../domain/registry-context.js';
import type { CatalogViewCache } from '../../domain/search/catalog-view.js';
import type { CatalogDeps } from '../../domain/servers/register-server.js';
import type { SnapshotCache } from '../../domain/snapshot/snapshot-cache.js';
import type { RouteDefinition } from '../route.js';
import { importRoute } from './import-route.js';
import { registryV01Routes } from './registry-v01-routes.js';
import { searchRoutes } from './search-routes.js';
import { snapshotRoute } from './snapshot-route.js';

export interface DistributionRouteDeps extends CatalogDeps {
  readonly snapshots: SnapshotCache;
  readonly catalog: CatalogViewCache;
  /** Reverse-DNS namespace of server names in the MCP Registry API, e.g. `com.example.mcp`. */
  readonly namespace: string;
  readonly policyEnvironmentDefault: Environment;
}

/** Gateway snapshot, search, tool discovery, MCP Registry v0.1 reads and server.json import. */
export function distributionRoutes(
  ctx: RegistryContext,
  deps: DistributionRouteDeps,
): RouteDefinition[] {
  return [
    snapshotRoute(deps.snapshots),
    ...searchRoutes(ctx, deps),
    ...registryV01Routes(ctx, deps),
    importRoute(ctx, deps),
  ];
}
