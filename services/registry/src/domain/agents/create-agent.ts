import { appError, isAppError } from '@mcpgw/errors';
import type { Actor } from '../model/actor.js';
import type { Agent } from '../model/agent.js';
import type { Environment } from '../model/lifecycle.js';
import {
  NO_IDENTITY_PROVISIONING,
  type IdentityProvisioning,
  type IssuedAgentSecret,
} from '../ports/identity-provisioning.js';
import type { RegistryContext } from '../registry-context.js';
import { assertScopesExist } from '../scopes/list-scopes.js';
import {
  provision,
  provisioningDetails,
  provisioningWarning,
  RETRY_HINTS,
  type ProvisioningWarning,
} from './provisioning-outcome.js';
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

/** The stored agent, plus what the identity provider said (only ever shown once). */
export interface AgentWrite {
  readonly agent: Agent;
  /** The client's first secret, when this write created the Keycloak client. Never stored. */
  readonly issued?: IssuedAgentSecret;
  readonly warning?: ProvisioningWarning;
}

/**
 * Adds an agent to the directory with the scopes it is granted, then ensures its Keycloak
 * confidential client; a provisioning failure keeps the agent and comes back as a warning.
 */
export async function createAgent(
  ctx: RegistryContext,
  actor: Actor,
  input: CreateAgentInput,
  provisioning: IdentityProvisioning = NO_IDENTITY_PROVISIONING,
): Promise<AgentWrite> {
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
  const { outcome, value: issued } = await provision(
    ctx,
    provisioning,
    { call: 'syncAgent', target: stored.id },
    () => provisioning.syncAgent(stored),
  );
  await ctx.audit.record({
    action: 'agent.create',
    actor,
    target: { id: input.id },
    outcome: 'success',
    // `issued` is deliberately absent: a secret never reaches the audit trail.
    details: {
      team: input.team,
      grantedScopes: stored.grantedScopes,
      ...provisioningDetails(outcome),
    },
  });
  ctx.changes.notify('agents');
  return agentWrite(stored, issued, provisioningWarning(outcome, RETRY_HINTS.agent));
}

export function agentWrite(
  agent: Agent,
  issued: IssuedAgentSecret | undefined,
  warning: ProvisioningWarning | undefined,
): AgentWrite {
  return {
    agent,
    ...(issued === undefined ? {} : { issued }),
    ...(warning === undefined ? {} : { warning }),
  };
}
