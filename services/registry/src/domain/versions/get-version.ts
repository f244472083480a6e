import { appError } from '@mcpgw/errors';
import type { Server } from '../model/server.js';
import type { ServerVersion } from '../model/server-version.js';
import type { RegistryContext } from '../registry-context.js';
import { versionIdOf } from '../servers/catalog-patterns.js';
import { loadServer } from '../servers/get-server.js';

/** The version or NOT_FOUND (also when the server itself does not exist). */
export async function getVersion(
  ctx: RegistryContext,
  serverId: string,
  version: string,
): Promise<ServerVersion> {
  const found = await ctx.store
    .collection<ServerVersion>('server_versions')
    .get(versionIdOf(serverId, version));
  if (!found) throw appError('NOT_FOUND', `Version ${version} of ${serverId} was not found.`);
  return found;
}

/** Server and version together: most version use cases check ownership on the server. */
export async function loadServerVersion(
  ctx: RegistryContext,
  serverId: string,
  version: string,
): Promise<{ server: Server; version: ServerVersion }> {
  const server = await loadServer(ctx, serverId);
  return { server, version: await getVersion(ctx, serverId, version) };
}
