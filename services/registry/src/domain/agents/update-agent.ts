import { appError } from '@mcpgw/errors';
import type { Actor } from '../model/actor.js';
import type { Agent } from '../model/agent.js';
import {
  NO_IDENTITY_PROVISIONING,
  type IdentityProvisioning,
  type IssuedAgentSecret,
} from '../ports/identity-provisioning.js';
import type { RegistryContext } from '../registry-context.js';
import { assertScopesExist } from '../scopes/list-scopes.js';
import { agentWrite, type AgentWrite, type CreateAgentInput } from './create-agent.js';
import {
  provision,
  provisioningDetails,
  provisioningWarning,
  RETRY_HINTS,
} from './provisioning-outcome.js';
import { assertPinsExist } from './version-pins.js';

export type AgentChanges = Partial<Omit<CreateAgentInput, 'id'>> & {
  readonly status?: Agent['status'];
};

export async function getAgent(ctx: RegistryContext, agentId: string): Promise<Agent> {
  const agent = await ctx.store.collection<Agent>('agents').get(agentId);
  if (!agent) throw appError('NOT_FOUND', `The agent ${agentId} does not exist.`);
  return agent;
}

function definedChanges(changes: AgentChanges): Partial<Agent> {
  return Object.fromEntries(
    Object.entries(changes).filter(([, value]) => value !== undefined),
  ) as Partial<Agent>;
}

/**
 * A revoked agent is (re-)disabled rather than synced, so a disable that failed earlier is
 * repaired by any later write. Reactivating does not re-enable the Keycloak client: the auth
 * service leaves that to a deliberate act in Keycloak.
 */
function provisionAgent(
  provisioning: IdentityProvisioning,
  agent: Agent,
): { call: string; run: () => Promise<IssuedAgentSecret | undefined> } {
  if (agent.status === 'revoked') {
    return {
      call: 'disableAgent',
      run: () => provisioning.disableAgent(agent.id).then(() => undefined),
    };
  }
  return { call: 'syncAgent', run: () => provisioning.syncAgent(agent) };
}

/**
 * Changes an agent's directory entry; `rev` must match. Revoking (`status: 'revoked'`) removes
 * the agent from the snapshot, so the gateway denies it without waiting for token expiry, and
 * disables its Keycloak client so it gets no new tokens.
 */
export async function updateAgent(
  ctx: RegistryContext,
  actor: Actor,
  agentId: string,
  input: { rev: number; changes: AgentChanges },
  provisioning: IdentityProvisioning = NO_IDENTITY_PROVISIONING,
): Promise<AgentWrite> {
  const current = await getAgent(ctx, agentId);
  const changes = definedChanges(input.changes);
  if (changes.grantedScopes)
    await assertScopesExist(ctx, changes.grantedScopes, 'body.grantedScopes');
  if (changes.versionPins) await assertPinsExist(ctx, changes.versionPins);
  const stored = await ctx.store
    .collection<Agent>('agents')
    .replace({ ...current, ...changes, updatedAt: ctx.clock.now().toISOString() }, input.rev);
  const revoked = current.status !== 'revoked' && stored.status === 'revoked';
  const step = provisionAgent(provisioning, stored);
  const { outcome, value: issued } = await provision(
    ctx,
    provisioning,
    { call: step.call, target: agentId },
    step.run,
  );
  await ctx.audit.record({
    action: revoked ? 'agent.revoke' : 'agent.update',
    actor,
    target: { id: agentId },
    outcome: 'success',
    details: { fields: Object.keys(changes), ...provisioningDetails(outcome) },
  });
  ctx.changes.notify('agents');
  return agentWrite(stored, issued, provisioningWarning(outcome, RETRY_HINTS.agent));
}
