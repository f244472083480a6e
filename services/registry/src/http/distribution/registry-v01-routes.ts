import { appError } from '@mcpgw/errors';
import { z } from 'zod';
import type { Server } from '../../domain/model/server.js';
import type { ServerVersion } from '../../domain/model/server-version.js';
import type { RegistryContext } from '../../domain/registry-context.js';
import type { CatalogView, CatalogViewCache } from '../../domain/search/catalog-view.js';
import { isServedAnywhere } from '../../domain/snapshot/served-versions.js';
import { defineRoute, type RouteDefinition } from '../route.js';
import { registryName, serverIdOf, toServerResponse, type ServerResponse } from './server-json.js';
import { decodeCursor, encodeCursor } from './v01-cursor.js';

export interface RegistryV01Deps {
  readonly catalog: CatalogViewCache;
  readonly namespace: string;
}

const TAG = 'mcp-registry';
const listQuery = z.strictObject({
  search: z.string().trim().min(1).max(200).optional(),
  cursor: z.string().min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(30),
  // Accepted for client compatibility (VS Code sends version=latest); lists always show latest.
  version: z.literal('latest').optional(),
});
const nameParams = z.strictObject({ serverName: z.string().min(1).max(300) });
const versionParams = nameParams.extend({ version: z.string().min(1).max(64) });
const notFound = { 404: { description: 'Unknown or unapproved server or version' } };

/**
 * The official MCP Registry read API (v0.1), so stock MCP clients can browse the catalog. Only
 * approved servers appear: versions some gateway serves. Read from the in-memory catalog view.
 */
export function registryV01Routes(ctx: RegistryContext, deps: RegistryV01Deps): RouteDefinition[] {
  const served = (view: CatalogView, serverId: string): ServerVersion[] =>
    (view.versionsByServer.get(serverId) ?? []).filter((v) => isServedAnywhere(v, ctx.clock.now()));
  const findServer = async (name: string): Promise<[Server, ServerVersion[]]> => {
    const view = await deps.catalog.get();
    const id = serverIdOf(deps.namespace, name);
    const server = id === undefined ? undefined : view.serverById.get(id);
    const versions = server ? served(view, server.id) : [];
    if (!server || versions.length === 0) throw appError('NOT_FOUND', `No server named ${name}.`);
    return [server, versions];
  };
  return [
    defineRoute({
      method: 'GET',
      path: '/v0.1/servers',
      summary: 'List approved servers (MCP Registry API), latest version of each',
      tag: TAG,
      query: listQuery,
      responses: { 200: { description: 'A page of servers' } },
      handler: async ({ query }) => ({ body: listPage(await deps.catalog.get(), query) }),
    }),
    defineRoute({
      method: 'GET',
      path: '/v0.1/servers/:serverName/versions',
      summary: 'All approved versions of one server (MCP Registry API), newest first',
      tag: TAG,
      params: nameParams,
      responses: { 200: { description: 'The versions' }, ...notFound },
      handler: async ({ params }) => {
        const [server, versions] = await findServer(params.serverName);
        const servers = versions.map((v, i) =>
          toServerResponse(deps.namespace, server, v, i === 0),
        );
        return { body: { servers, metadata: { count: servers.length } } };
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/v0.1/servers/:serverName/versions/:version',
      summary: 'One approved version of a server (MCP Registry API); `latest` for the newest',
      tag: TAG,
      params: versionParams,
      responses: { 200: { description: 'The version' }, ...notFound },
      handler: async ({ params }) => {
        const [server, versions] = await findServer(params.serverName);
        const index =
          params.version === 'latest' ? 0 : versions.findIndex((v) => v.version === params.version);
        const version = versions[index];
        if (!version) throw appError('NOT_FOUND', `No approved version ${params.version}.`);
        return { body: toServerResponse(deps.namespace, server, version, index === 0) };
      },
    }),
  ];

  function listPage(view: CatalogView, query: z.infer<typeof listQuery>) {
    const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
    const needle = query.search?.toLowerCase();
    const servers: ServerResponse[] = [];
    let lastId: string | undefined;
    let more = false;
    for (const server of view.servers) {
      if (after !== undefined && server.id <= after) continue;
      if (needle && !matches(server, deps.namespace, needle)) continue;
      const latest = served(view, server.id)[0];
      if (!latest) continue;
      if (servers.length === query.limit) {
        more = true;
        break;
      }
      servers.push(toServerResponse(deps.namespace, server, latest, true));
      lastId = server.id;
    }
    const nextCursor = more && lastId ? { nextCursor: encodeCursor(lastId) } : {};
    return { servers, metadata: { count: servers.length, ...nextCursor } };
  }
}

function matches(server: Server, namespace: string, needle: string): boolean {
  return (
    registryName(namespace, server.id).toLowerCase().includes(needle) ||
    server.name.toLowerCase().includes(needle)
  );
}
