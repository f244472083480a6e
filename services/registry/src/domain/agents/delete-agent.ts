import type { Actor } from '../model/actor.js';
import type { Agent } from '../model/agent.js';
import type { RegistryContext } from '../registry-context.js';
import { getAgent } from './update-agent.js';

/** Removes the directory entry; the Keycloak client itself is managed in Keycloak. */
export async function deleteAgent(
  ctx: RegistryContext,
  actor: Actor,
  agentId: string,
): Promise<void> {
  const current = await getAgent(ctx, agentId);
  await ctx.store.collection<Agent>('agents').delete(agentId, current.rev);
  await ctx.audit.record({
    action: 'agent.delete',
    actor,
    target: { id: agentId },
    outcome: 'success',
  });
  ctx.changes.notify('agents');
}
