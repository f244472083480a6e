import { appError, isAppError } from '@mcpgw/errors';
import type { Actor } from '../model/actor.js';
import type { IdentityProvisioning, IssuedAgentSecret } from '../ports/identity-provisioning.js';
import type { RegistryContext } from '../registry-context.js';
import { getAgent } from './update-agent.js';

/**
 * Has Keycloak generate a new client secret for the agent; the old one stops working at once.
 * The secret passes through to the caller and nowhere else: not the store, not the audit event
 * (which says only that a rotation happened, and where the secret went if it was written away),
 * not the logs.
 */
export async function rotateAgentSecret(
  ctx: RegistryContext,
  actor: Actor,
  agentId: string,
  provisioning: IdentityProvisioning,
): Promise<IssuedAgentSecret> {
  const agent = await getAgent(ctx, agentId);
  if (agent.status === 'revoked') {
    throw appError('CONFLICT', `The agent ${agentId} is revoked; reactivate it first.`);
  }
  let issued: IssuedAgentSecret;
  try {
    issued = await provisioning.rotateAgentSecret(agentId);
  } catch (error) {
    await ctx.audit.record({
      action: 'agent.rotate_secret',
      actor,
      target: { id: agentId },
      outcome: 'failure',
      details: { provisioning: 'failed', provisioningError: errorCode(error) },
    });
    throw error;
  }
  await ctx.audit.record({
    action: 'agent.rotate_secret',
    actor,
    target: { id: agentId },
    outcome: 'success',
    details: {
      provisioning: 'synced',
      delivery: issued.secretRef === undefined ? 'response' : 'secret_store',
    },
  });
  return issued;
}

function errorCode(error: unknown): string {
  return isAppError(error) ? error.code : 'INTERNAL';
}
