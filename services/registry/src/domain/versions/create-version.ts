import { assertUrlAllowed } from '@mcpgw/net-guard';
import { appError } from '@mcpgw/errors';
import type { Actor } from '../model/actor.js';
import type { ServerVersion } from '../model/server-version.js';
import type { RegistryContext } from '../registry-context.js';
import { versionIdOf } from '../servers/catalog-patterns.js';
import { loadServer } from '../servers/get-server.js';
import type { CatalogDeps } from '../servers/register-server.js';
import { assertCanManage } from '../servers/server-access.js';
import { newDraftVersion, type VersionInput } from './new-draft-version.js';

/** Adds a new `draft` version next to the existing ones (several can be approved at once). */
export async function createVersion(
  ctx: RegistryContext,
  actor: Actor,
  serverId: string,
  input: VersionInput,
  deps: CatalogDeps,
): Promise<ServerVersion> {
  const server = await loadServer(ctx, serverId);
  assertCanManage(actor, server);
  assertUrlAllowed(input.url, deps.netPolicy);
  const versions = ctx.store.collection<ServerVersion>('server_versions');
  if (await versions.get(versionIdOf(serverId, input.version))) {
    throw appError('CONFLICT', `Version ${input.version} of ${serverId} already exists.`);
  }
  const now = ctx.clock.now().toISOString();
  const version = await versions.insert(newDraftVersion(serverId, input, actor, now));
  await ctx.audit.record({
    action: 'version.create',
    actor,
    target: { serverId, versionId: version.id },
    outcome: 'success',
    details: { version: version.version, transport: version.transport },
  });
  ctx.changes.notify('server_versions');
  return version;
}
