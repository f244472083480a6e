import { appError } from '@mcpgw/errors';
import { findClient } from './ensure-client.js';
import { assertAgentId } from './ensure-agent.js';
import type { KeycloakAdmin } from './keycloak-admin.js';
import { issueSecret, type IssuedSecret, type SecretWriter } from './secret-writer.js';

/**
 * Generates a new client secret; the old one stops working at once. The new secret is returned
 * once (or written through `secretWriter`) and is never stored by the registry.
 */
export async function rotateAgentSecret(
  admin: KeycloakAdmin,
  agentId: string,
  secretWriter?: SecretWriter,
): Promise<IssuedSecret> {
  assertAgentId(agentId);
  const api = await admin.api();
  const client = await findClient(api, agentId);
  if (client?.id === undefined) throw appError('NOT_FOUND', `The agent ${agentId} does not exist.`);
  const { value } = await api.clients.generateNewClientSecret({ id: client.id });
  if (value === undefined) throw appError('UPSTREAM_FAILED', 'Keycloak returned no client secret.');
  return issueSecret(agentId, value, secretWriter);
}
