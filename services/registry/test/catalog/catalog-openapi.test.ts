import { describe, expect, it } from 'vitest';
import { createMemoryDocumentStore } from '../../src/data-access/memory/memory-document-store.js';
import type { RegistryContext } from '../../src/domain/registry-context.js';
import { catalogRoutes } from '../../src/http/catalog/catalog-routes.js';
import { buildOpenApiDocument } from '../../src/http/openapi.js';
import { routeAccess } from '../../src/http/route-roles.js';
import { createFakeDiscovery } from './catalog-fixtures.js';

describe('catalogRoutes', () => {
  const ctx = { store: createMemoryDocumentStore() } as unknown as RegistryContext;
  const routes = catalogRoutes(ctx, { netPolicy: {}, discovery: createFakeDiscovery(ctx.store) });

  it('when mounted, then every route has a rule in the route-role table', () => {
    for (const route of routes) expect(() => routeAccess(route.method, route.path)).not.toThrow();
    expect(routes).toHaveLength(12);
  });

  it('when the OpenAPI document is built, then each route has its operation and body schema', () => {
    const doc = buildOpenApiDocument(routes, { title: 't', version: '1' }) as {
      paths: Record<string, Record<string, { requestBody?: unknown }>>;
    };

    expect(Object.keys(doc.paths['/v1/servers'] ?? {}).sort()).toEqual(['get', 'post']);
    expect(doc.paths['/v1/servers']?.['post']?.requestBody).toBeDefined();
    expect(
      doc.paths['/v1/servers/{serverId}/versions/{version}/lifecycle']?.['post'],
    ).toBeDefined();
  });
});
