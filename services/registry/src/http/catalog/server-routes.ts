import type { RegistryContext } from '../../domain/registry-context.js';
import { deleteServer } from '../../domain/servers/delete-server.js';
import { getServer } from '../../domain/servers/get-server.js';
import { listServers } from '../../domain/servers/list-servers.js';
import { registerServer, type CatalogDeps } from '../../domain/servers/register-server.js';
import { updateServer } from '../../domain/servers/update-server.js';
import { defineRoute, type RouteDefinition } from '../route.js';
import {
  listServersQuery,
  patchServerBody,
  registerServerBody,
  serverDetailResponse,
  serverListResponse,
  serverParams,
  serverResponse,
} from './server-schemas.js';
import { versionResponse } from './version-schemas.js';
import { z } from 'zod';

const TAG = 'servers';
const errors = {
  400: { description: 'Invalid input (VALIDATION_FAILED, SSRF_BLOCKED)' },
  403: { description: 'Not allowed for this caller' },
};

/** Server CRUD: register (with its first draft version), list, get, update, delete drafts. */
export function serverRoutes(ctx: RegistryContext, deps: CatalogDeps): RouteDefinition[] {
  return [
    defineRoute({
      method: 'POST',
      path: '/v1/servers',
      summary: 'Register a server with its first version (both draft)',
      tag: TAG,
      body: registerServerBody,
      responses: {
        201: {
          description: 'Registered',
          schema: z.object({ server: serverResponse, version: versionResponse }),
        },
        ...errors,
        409: { description: 'Slug already taken' },
      },
      handler: async ({ actor, body }) => ({
        status: 201,
        body: await registerServer(ctx, actor, body, deps),
      }),
    }),
    defineRoute({
      method: 'GET',
      path: '/v1/servers',
      summary: 'List servers with filters and cursor pagination',
      tag: TAG,
      query: listServersQuery,
      responses: {
        200: { description: 'A page of servers', schema: serverListResponse },
        ...errors,
      },
      handler: async ({ query }) => ({ body: await listServers(ctx, query) }),
    }),
    defineRoute({
      method: 'GET',
      path: '/v1/servers/:serverId',
      summary: 'Get a server with a summary of its versions',
      tag: TAG,
      params: serverParams,
      responses: {
        200: { description: 'The server', schema: serverDetailResponse },
        404: { description: 'Not found' },
      },
      handler: async ({ params }) => ({ body: await getServer(ctx, params.serverId) }),
    }),
    defineRoute({
      method: 'PATCH',
      path: '/v1/servers/:serverId',
      summary: 'Update server metadata (slug is immutable; rev required)',
      tag: TAG,
      params: serverParams,
      body: patchServerBody,
      responses: {
        200: { description: 'Updated', schema: serverResponse },
        ...errors,
        404: { description: 'Not found' },
        409: { description: 'VERSION_CONFLICT: stale rev' },
      },
      handler: async ({ actor, params, body }) => {
        const { rev, ...patch } = body;
        return { body: await updateServer(ctx, actor, params.serverId, patch, rev) };
      },
    }),
    defineRoute({
      method: 'DELETE',
      path: '/v1/servers/:serverId',
      summary: 'Delete a server whose versions are all drafts',
      tag: TAG,
      params: serverParams,
      responses: {
        204: { description: 'Deleted' },
        ...errors,
        404: { description: 'Not found' },
        409: { description: 'A version left draft' },
      },
      handler: async ({ actor, params }) => {
        await deleteServer(ctx, actor, params.serverId);
        return { status: 204 };
      },
    }),
  ];
}
