import { appError } from '@mcpgw/errors';
import type { Actor } from '../model/actor.js';
import type { Agent } from '../model/agent.js';
import type { RegistryContext } from '../registry-context.js';
import { assertScopesExist } from '../scopes/list-scopes.js';
import type { CreateAgentInput } from './create-agent.js';
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
 * Changes an agent's directory entry; `rev` must match. Revoking (`status: 'revoked'`) removes
 * the agent from the snapshot, so the gateway denies it without waiting for token expiry.
 */
export async function updateAgent(
  ctx: RegistryContext,
  actor: Actor,
  agentId: string,
  input: { rev: number; changes: AgentChanges },
): Promise<Agent> {
  const current = await getAgent(ctx, agentId);
  const changes = definedChanges(input.changes);
  if (changes.grantedScopes)
    await assertScopesExist(ctx, changes.grantedScopes, 'body.grantedScopes');
  if (changes.versionPins) await assertPinsExist(ctx, changes.versionPins);
  const stored = await ctx.store
    .collection<Agent>('agents')
    .replace({ ...current, ...changes, updatedAt: ctx.clock.now().toISOString() }, input.rev);
  const revoked = current.status !== 'revoked' && stored.status === 'revoked';
  await ctx.audit.record({
    action: revoked ? 'agent.revoke' : 'agent.update',
    actor,
    target: { id: agentId },
    outcome: 'success',
    details: { fields: Object.keys(changes) },
  });
  ctx.changes.notify('agents');
  return stored;
}
