import { appError } from '@mcpgw/errors';
import type { Actor } from '../model/actor.js';
import type { Server } from '../model/server.js';
import type { ServerVersion } from '../model/server-version.js';
import type { RegistryContext } from '../registry-context.js';
import { listServerVersions, loadServer } from './get-server.js';
import { assertCanManage } from './server-access.js';

/**
 * Deletes a server that never left `draft`; anything that was submitted stays for the audit
 * trail and must be rejected/retired instead.
 */
export async function deleteServer(
  ctx: RegistryContext,
  actor: Actor,
  serverId: string,
): Promise<void> {
  const server = await loadServer(ctx, serverId);
  assertCanManage(actor, server);
  const versions = await listServerVersions(ctx, serverId);
  const notDraft = versions.filter((v) => v.status !== 'draft');
  if (notDraft.length > 0) {
    throw appError('CONFLICT', 'Only servers whose versions are all drafts can be deleted.', {
      details: { versions: notDraft.map((v) => ({ version: v.version, status: v.status })) },
    });
  }
  const versionStore = ctx.store.collection<ServerVersion>('server_versions');
  for (const version of versions) await versionStore.delete(version.id, version.rev);
  await ctx.store.collection<Server>('servers').delete(server.id, server.rev);
  await ctx.audit.record({
    action: 'server.delete',
    actor,
    target: { serverId },
    outcome: 'success',
    details: { versions: versions.map((v) => v.version) },
  });
  ctx.changes.notify('servers');
  ctx.changes.notify('server_versions');
}
