import type { Server } from '../../domain/model/server.js';
import type { ServerVersion } from '../../domain/model/server-version.js';

/** The MCP Registry server.json `$schema` this registry emits. */
export const SERVER_JSON_SCHEMA =
  'https://static.modelcontextprotocol.io/schemas/2025-09-29/server.schema.json';
export const OFFICIAL_META = 'io.modelcontextprotocol.registry/official';
export const OUR_META = 'com.mcpgw.registry/v1';
// server.json caps description at 100 characters; the full text stays in our own API.
const DESCRIPTION_MAX = 100;

export interface ServerResponse {
  server: Record<string, unknown>;
  _meta: Record<string, Record<string, unknown>>;
}

/** `<namespace>/<serverId>`: reverse-DNS namespace as the official registry names servers. */
export function registryName(namespace: string, serverId: string): string {
  return `${namespace}/${serverId}`;
}

/** The server id in a registry name of our namespace, or undefined for any other name. */
export function serverIdOf(namespace: string, name: string): string | undefined {
  const prefix = `${namespace}/`;
  return name.startsWith(prefix) ? name.slice(prefix.length) : undefined;
}

/** One served version as an official `ServerResponse` (server.json plus registry metadata). */
export function toServerResponse(
  namespace: string,
  server: Server,
  version: ServerVersion,
  isLatest: boolean,
): ServerResponse {
  return {
    server: {
      $schema: SERVER_JSON_SCHEMA,
      name: registryName(namespace, server.id),
      title: server.name,
      description: shorten(server.description),
      version: version.version,
      remotes: [{ type: version.transport, url: version.url }],
    },
    _meta: {
      [OFFICIAL_META]: {
        status: version.status === 'deprecated' ? 'deprecated' : 'active',
        publishedAt: version.createdAt,
        updatedAt: version.updatedAt,
        isLatest,
      },
      [OUR_META]: {
        status: version.status,
        riskLevel: server.riskLevel,
        dataClassification: server.dataClassification,
        ownerTeam: server.ownerTeam,
        capability: server.capability,
        toolCount: version.definitions.filter((d) => d.kind === 'tool').length,
        ...(version.retireAt === undefined ? {} : { retireAt: version.retireAt }),
      },
    },
  };
}

function shorten(text: string): string {
  return text.length <= DESCRIPTION_MAX ? text : `${text.slice(0, DESCRIPTION_MAX - 1)}…`;
}
