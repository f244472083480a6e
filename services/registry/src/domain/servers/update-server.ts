import type { Actor } from '../model/actor.js';
import type { Server } from '../model/server.js';
import type { RegistryContext } from '../registry-context.js';
import { assertCredentialRefs } from './credential-ref-rules.js';
import { loadServer } from './get-server.js';
import { assertMayOwn, type ServerMetadataInput } from './register-server.js';
import { assertCanManage } from './server-access.js';

export type ServerPatch = Partial<ServerMetadataInput>;

/** Updates metadata (never the slug) if `rev` is still current; VERSION_CONFLICT otherwise. */
export async function updateServer(
  ctx: RegistryContext,
  actor: Actor,
  serverId: string,
  patch: ServerPatch,
  rev: number,
): Promise<Server> {
  const current = await loadServer(ctx, serverId);
  assertCanManage(actor, current);
  // Handing a server to another team needs ownership of that team too.
  if (patch.ownerTeam !== undefined && patch.ownerTeam !== current.ownerTeam) {
    assertMayOwn(actor, patch.ownerTeam);
  }
  if (patch.credentialRefs) assertCredentialRefs(patch.credentialRefs);
  const changed = Object.keys(patch).filter((key) => patch[key as keyof ServerPatch] !== undefined);
  const next: Server = {
    ...current,
    ...(Object.fromEntries(
      Object.entries(patch).filter(([, v]) => v !== undefined),
    ) as ServerPatch),
    id: current.id,
    updatedAt: ctx.clock.now().toISOString(),
  };
  const stored = await ctx.store.collection<Server>('servers').replace(next, rev);
  await ctx.audit.record({
    action: 'server.update',
    actor,
    target: { serverId },
    outcome: 'success',
    details: { fields: changed },
  });
  ctx.changes.notify('servers');
  return stored;
}
