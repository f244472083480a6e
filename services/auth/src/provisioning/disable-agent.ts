import { appError } from '@mcpgw/errors';
import type { Change } from './change.js';
import { findClient } from './ensure-client.js';
import { assertAgentId } from './ensure-agent.js';
import type { EnsureOptions } from './ensure-realm.js';
import type { KeycloakAdmin } from './keycloak-admin.js';

/**
 * Disables the agent's client: Keycloak refuses new tokens for it immediately. Tokens already
 * issued stay valid until they expire (realm access token lifespan, 5 minutes).
 */
export async function disableAgent(
  admin: KeycloakAdmin,
  agentId: string,
  options: EnsureOptions = {},
): Promise<Change> {
  assertAgentId(agentId);
  const api = await admin.api();
  const client = await findClient(api, agentId);
  if (client?.id === undefined) throw appError('NOT_FOUND', `The agent ${agentId} does not exist.`);
  if (client.enabled === false) return 'unchanged';
  if (!options.dryRun) await api.clients.update({ id: client.id }, { ...client, enabled: false });
  return 'updated';
}
