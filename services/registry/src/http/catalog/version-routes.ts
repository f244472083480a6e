import type { RegistryContext } from '../../domain/registry-context.js';
import { listServerVersions, loadServer } from '../../domain/servers/get-server.js';
import type { CatalogDeps } from '../../domain/servers/register-server.js';
import { createVersion } from '../../domain/versions/create-version.js';
import { getVersion } from '../../domain/versions/get-version.js';
import { defineRoute, type RouteDefinition } from '../route.js';
import { serverParams, versionInputSchema } from './server-schemas.js';
import { versionListResponse, versionParams, versionResponse } from './version-schemas.js';

const TAG = 'versions';

/** Versions of a server: add a draft, list, get one (with definitions, pins and history). */
export function versionRoutes(ctx: RegistryContext, deps: CatalogDeps): RouteDefinition[] {
  return [
    defineRoute({
      method: 'POST',
      path: '/v1/servers/:serverId/versions',
      summary: 'Add a new draft version',
      tag: TAG,
      params: serverParams,
      body: versionInputSchema,
      responses: {
        201: { description: 'Created', schema: versionResponse },
        400: { description: 'Invalid input (VALIDATION_FAILED, SSRF_BLOCKED)' },
        403: { description: 'Not the owner team' },
        404: { description: 'Server not found' },
        409: { description: 'Version exists' },
      },
      handler: async ({ actor, params, body }) => ({
        status: 201,
        body: await createVersion(ctx, actor, params.serverId, body, deps),
      }),
    }),
    defineRoute({
      method: 'GET',
      path: '/v1/servers/:serverId/versions',
      summary: 'List the versions of a server',
      tag: TAG,
      params: serverParams,
      responses: {
        200: { description: 'Versions', schema: versionListResponse },
        404: { description: 'Not found' },
      },
      handler: async ({ params }) => {
        await loadServer(ctx, params.serverId);
        return { body: { items: await listServerVersions(ctx, params.serverId) } };
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/v1/servers/:serverId/versions/:version',
      summary: 'Get one version',
      tag: TAG,
      params: versionParams,
      responses: {
        200: { description: 'The version', schema: versionResponse },
        404: { description: 'Not found' },
      },
      handler: async ({ params }) => ({
        body: await getVersion(ctx, params.serverId, params.version),
      }),
    }),
  ];
}
