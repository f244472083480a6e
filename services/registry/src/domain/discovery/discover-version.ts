import { appError } from '@mcpgw/errors';
import { hasRole, type Actor } from '../model/actor.js';
import type { ServerVersion } from '../model/server-version.js';
import type { VersionDiscovery } from '../ports/version-discovery.js';
import type { RegistryContext } from '../registry-context.js';
import { isServerOwner } from '../servers/server-access.js';
import { loadServerVersion } from '../versions/get-version.js';

/**
 * On-demand discovery. The route table admits owners of any team; only the server's own team,
 * security reviewers and platform admins may make the registry connect to its upstream.
 */
export async function discoverVersion(
  ctx: RegistryContext,
  actor: Actor,
  ref: { serverId: string; version: string },
  discovery: VersionDiscovery,
): Promise<ServerVersion> {
  const { server, version } = await loadServerVersion(ctx, ref.serverId, ref.version);
  const allowed =
    hasRole(actor, 'platform-admin') ||
    hasRole(actor, 'security-reviewer') ||
    isServerOwner(actor, server);
  if (!allowed) {
    throw appError(
      'FORBIDDEN',
      `Only the ${server.ownerTeam} team, a reviewer or an admin may run discovery.`,
      {
        details: { serverId: server.id, ownerTeam: server.ownerTeam },
      },
    );
  }
  if (version.status === 'retired') {
    // A retired version's upstream may be gone or reassigned; connecting to it serves no one.
    throw appError('CONFLICT', `Version ${version.version} of ${server.id} is retired.`);
  }
  return discovery.discover(version.id, actor);
}
