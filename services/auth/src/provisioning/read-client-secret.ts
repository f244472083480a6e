import { appError } from '@mcpgw/errors';
import { findClient } from './ensure-client.js';
import type { KeycloakAdmin } from './keycloak-admin.js';

/** The current secret of a confidential client, e.g. to hand `mcp-gateway` its credentials. */
export async function readClientSecret(admin: KeycloakAdmin, clientId: string): Promise<string> {
  const api = await admin.api();
  const client = await findClient(api, clientId);
  if (client?.id === undefined)
    throw appError('NOT_FOUND', `The client ${clientId} does not exist.`);
  const { value } = await api.clients.getClientSecret({ id: client.id });
  if (value === undefined) throw appError('UPSTREAM_FAILED', 'Keycloak returned no client secret.');
  return value;
}
