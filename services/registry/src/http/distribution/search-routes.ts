import { z } from 'zod';
import { hasRole, type Actor } from '../../domain/model/actor.js';
import { ENVIRONMENTS, type Environment } from '../../domain/model/lifecycle.js';
import type { CatalogViewCache } from '../../domain/search/catalog-view.js';
import { searchCatalog } from '../../domain/search/search-catalog.js';
import { callableTools } from '../../domain/snapshot/callable-tools.js';
import type { SnapshotCache } from '../../domain/snapshot/snapshot-cache.js';
import type { RegistryContext } from '../../domain/registry-context.js';
import { defineRoute, type RouteDefinition } from '../route.js';
import { discoverTools } from '../../domain/search/discover-tools.js';

export interface SearchRouteDeps {
  readonly snapshots: SnapshotCache;
  readonly catalog: CatalogViewCache;
  /** The environment whose policies decide what agents see when they do not name one. */
  readonly policyEnvironmentDefault: Environment;
}

const query = z.string().trim().min(1).max(200);
const searchQuery = z.strictObject({
  q: query,
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
const discoveryQuery = z.strictObject({
  q: query.optional(),
  environment: z.enum(ENVIRONMENTS).optional(),
});

const searchResult = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  capability: z.string(),
  tags: z.array(z.string()),
  ownerTeam: z.string(),
  riskLevel: z.string(),
  dataClassification: z.string(),
  score: z.number(),
});

const errors = {
  400: { description: 'Invalid query (VALIDATION_FAILED)' },
  403: { description: 'Not allowed for this caller' },
};

/** Ranked catalog search and "which tools may I call" discovery, both from memory. */
export function searchRoutes(ctx: RegistryContext, deps: SearchRouteDeps): RouteDefinition[] {
  return [
    defineRoute({
      method: 'GET',
      path: '/v1/search',
      summary: 'Search servers by name, description, capability, tags and tools',
      tag: 'discovery',
      query: searchQuery,
      responses: {
        200: {
          description: 'Ranked results',
          schema: z.object({ results: z.array(searchResult) }),
        },
        ...errors,
      },
      handler: async ({ query: q, actor }) => {
        const view = await deps.catalog.get();
        const environment = deps.policyEnvironmentDefault;
        const results = searchCatalog(view, q.q, q.limit, await visibility(actor, environment));
        return { body: { query: q.q, count: results.length, results } };
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/v1/discovery/tools',
      summary: 'Tools the caller may call through the gateway, optionally filtered by a query',
      tag: 'discovery',
      query: discoveryQuery,
      responses: { 200: { description: 'Callable tools' }, ...errors },
      handler: async ({ query: q, actor }) => {
        const environment = q.environment ?? deps.policyEnvironmentDefault;
        const entry = await deps.snapshots.get(environment);
        const tools = discoverTools(entry, actor, ctx.clock.now(), q.q);
        return { body: { environment, count: tools.length, tools } };
      },
    }),
  ];

  // Humans with registry roles browse the catalog; an agent sees a server only when it could
  // call at least one of its tools, so search cannot reveal servers hidden from it.
  async function visibility(actor: Actor, environment: Environment) {
    if (READER_ROLES.some((role) => hasRole(actor, role))) return 'catalog' as const;
    const entry = await deps.snapshots.get(environment);
    const now = ctx.clock.now();
    const byId = new Map(entry.snapshot.servers.map((s) => [s.id, s]));
    return (serverId: string) => {
      const server = byId.get(serverId);
      return server !== undefined && callableTools(entry, actor, now, [server]).length > 0;
    };
  }
}

const READER_ROLES = [
  'platform-admin',
  'security-reviewer',
  'server-owner',
  'approver',
  'auditor',
] as const;
