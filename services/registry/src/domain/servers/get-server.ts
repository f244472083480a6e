import { appError } from '@mcpgw/errors';
import type { Server } from '../model/server.js';
import type { ServerVersion } from '../model/server-version.js';
import type { RegistryContext } from '../registry-context.js';

export type VersionSummary = Pick<
  ServerVersion,
  'id' | 'version' | 'status' | 'approvedFor' | 'retireAt' | 'updatedAt'
>;

export function summarizeVersion(version: ServerVersion): VersionSummary {
  return {
    id: version.id,
    version: version.version,
    status: version.status,
    approvedFor: version.approvedFor,
    ...(version.retireAt === undefined ? {} : { retireAt: version.retireAt }),
    updatedAt: version.updatedAt,
  };
}

/** The server or NOT_FOUND. */
export async function loadServer(ctx: RegistryContext, serverId: string): Promise<Server> {
  const server = await ctx.store.collection<Server>('servers').get(serverId);
  if (!server) throw appError('NOT_FOUND', `Server ${serverId} was not found.`);
  return server;
}

/** All versions of a server, oldest first (a server has few versions; bounded anyway). */
export async function listServerVersions(
  ctx: RegistryContext,
  serverId: string,
): Promise<ServerVersion[]> {
  return ctx.store
    .collection<ServerVersion>('server_versions')
    .find({ serverId }, { sort: { field: 'createdAt', direction: 1 }, limit: 1_000 });
}

export async function getServer(
  ctx: RegistryContext,
  serverId: string,
): Promise<{ server: Server; versions: VersionSummary[] }> {
  const server = await loadServer(ctx, serverId);
  const versions = await listServerVersions(ctx, serverId);
  return { server, versions: versions.map(summarizeVersion) };
}
