import type { DataClassification, RiskLevel } from '../model/classification.js';
import type { Environment, LifecycleStatus } from '../model/lifecycle.js';
import type { Server } from '../model/server.js';
import type { ServerVersion } from '../model/server-version.js';
import type { Filter, Page } from '../ports/document-store.js';
import type { RegistryContext } from '../registry-context.js';

export interface ListServersQuery {
  /** Matches servers having at least one version in this status. */
  readonly status?: LifecycleStatus | undefined;
  readonly environment?: Environment | undefined;
  readonly ownerTeam?: string | undefined;
  readonly tag?: string | undefined;
  readonly riskLevel?: RiskLevel | undefined;
  readonly dataClassification?: DataClassification | undefined;
  readonly capability?: string | undefined;
  readonly limit: number;
  readonly cursor?: string | undefined;
}

/** Upper bound of servers considered for a status filter (the catalog target is ~2,000). */
const STATUS_SCAN_LIMIT = 10_000;

async function serverIdsWithStatus(
  ctx: RegistryContext,
  status: LifecycleStatus,
): Promise<string[]> {
  const versions = await ctx.store
    .collection<ServerVersion>('server_versions')
    .find({ status }, { limit: STATUS_SCAN_LIMIT });
  return [...new Set(versions.map((v) => v.serverId))];
}

function metadataFilter(query: ListServersQuery): Record<string, string> {
  const filter: Record<string, string> = {};
  // Array fields (environments, tags) match by "contains" in both adapters.
  if (query.environment) filter['environments'] = query.environment;
  if (query.tag) filter['tags'] = query.tag;
  if (query.ownerTeam) filter['ownerTeam'] = query.ownerTeam;
  if (query.riskLevel) filter['riskLevel'] = query.riskLevel;
  if (query.dataClassification) filter['dataClassification'] = query.dataClassification;
  if (query.capability) filter['capability'] = query.capability;
  return filter;
}

/** Filtered, keyset-paginated servers ordered by slug. */
export async function listServers(
  ctx: RegistryContext,
  query: ListServersQuery,
): Promise<Page<Server>> {
  const filter: Record<string, Filter[string]> = metadataFilter(query);
  if (query.status) {
    const ids = await serverIdsWithStatus(ctx, query.status);
    if (ids.length === 0) return { items: [] };
    filter['id'] = { in: ids };
  }
  return ctx.store.collection<Server>('servers').page(filter, {
    limit: query.limit,
    ...(query.cursor === undefined ? {} : { cursor: query.cursor }),
  });
}
