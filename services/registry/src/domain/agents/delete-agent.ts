import type { Actor } from '../model/actor.js';
import type { Agent } from '../model/agent.js';
import {
  NO_IDENTITY_PROVISIONING,
  type IdentityProvisioning,
} from '../ports/identity-provisioning.js';
import type { RegistryContext } from '../registry-context.js';
import {
  provision,
  provisioningDetails,
  provisioningWarning,
  RETRY_HINTS,
  type ProvisioningWarning,
} from './provisioning-outcome.js';
import { getAgent } from './update-agent.js';

/**
 * Removes the directory entry and disables (never deletes) the Keycloak client: an identity the
 * directory no longer knows must not keep getting tokens, yet its history stays in Keycloak.
 */
export async function deleteAgent(
  ctx: RegistryContext,
  actor: Actor,
  agentId: string,
  provisioning: IdentityProvisioning = NO_IDENTITY_PROVISIONING,
): Promise<{ warning?: ProvisioningWarning }> {
  const current = await getAgent(ctx, agentId);
  await ctx.store.collection<Agent>('agents').delete(agentId, current.rev);
  const { outcome } = await provision(
    ctx,
    provisioning,
    { call: 'disableAgent', target: agentId },
    () => provisioning.disableAgent(agentId),
  );
  const details = provisioningDetails(outcome);
  await ctx.audit.record({
    action: 'agent.delete',
    actor,
    target: { id: agentId },
    outcome: 'success',
    ...(Object.keys(details).length === 0 ? {} : { details }),
  });
  ctx.changes.notify('agents');
  const warning = provisioningWarning(outcome, RETRY_HINTS.deletedAgent);
  return warning === undefined ? {} : { warning };
}
