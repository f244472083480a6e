import { appError, isAppError } from '@mcpgw/errors';
import type { Actor } from '../model/actor.js';
import type { Agent } from '../model/agent.js';
import type { Environment } from '../model/lifecycle.js';
import type { RegistryContext } from '../registry-context.js';
import { assertScopesExist } from '../scopes/list-scopes.js';
import { assertPinsExist } from './version-pins.js';

export interface CreateAgentInput {
  readonly id: string;
  readonly owner: string;
  readonly team: string;
  readonly description: string;
  readonly environments: readonly Environment[];
  readonly grantedScopes: readonly string[];
  readonly versionPins: Readonly<Record<string, string>>;
}

/** Adds an agent (a Keycloak client) to the directory with the scopes it is granted. */
export async function createAgent(
  ctx: RegistryContext,
  actor: Actor,
  input: CreateAgentInput,
): Promise<Agent> {
  await assertScopesExist(ctx, input.grantedScopes, 'body.grantedScopes');
  await assertPinsExist(ctx, input.versionPins);
  const now = ctx.clock.now().toISOString();
  let stored: Agent;
  try {
    stored = await ctx.store.collection<Agent>('agents').insert({
      ...input,
      environments: [...new Set(input.environments)],
      grantedScopes: [...new Set(input.grantedScopes)],
      status: 'active',
      createdBy: actor.subject,
      createdAt: now,
      updatedAt: now,
    });
  } catch (error) {
    if (isAppError(error) && error.code === 'CONFLICT') {
      throw appError('CONFLICT', `The agent ${input.id} already exists.`);
    }
    throw error;
  }
  await ctx.audit.record({
    action: 'agent.create',
    actor,
    target: { id: input.id },
    outcome: 'success',
    details: { team: input.team, grantedScopes: stored.grantedScopes },
  });
  ctx.changes.notify('agents');
  return stored;
}
