import { appError } from '@mcpgw/errors';
import type { Change } from './change.js';
import { ensureClientWithScopes, findClient } from './ensure-client.js';
import type { EnsureOptions } from './ensure-realm.js';
import type { KeycloakAdmin } from './keycloak-admin.js';
import { AGENT_ATTRIBUTE, AGENT_ID } from './names.js';
import { issueSecret, type IssuedSecret, type SecretWriter } from './secret-writer.js';

export interface AgentSpec {
  /** The agent id = Keycloak clientId, e.g. `crm-agent`. */
  readonly id: string;
  readonly description: string;
  /** Catalog scopes granted to the agent: exactly its catalog default client scopes. */
  readonly grantedScopes: readonly string[];
}

export interface EnsureAgentOptions extends EnsureOptions {
  readonly secretWriter?: SecretWriter;
}

export interface EnsureAgentResult {
  readonly change: Change;
  /** Only when the agent was created now: its first secret (shown once) or where it went. */
  readonly secret?: IssuedSecret;
}

export function assertAgentId(id: string): void {
  if (!AGENT_ID.test(id)) {
    throw appError('VALIDATION_FAILED', 'The agent id is invalid.', {
      details: { issues: [{ path: 'id', message: `must match ${AGENT_ID.source}` }] },
    });
  }
}

/**
 * An agent as a confidential client with a service account (client credentials only). Granted
 * scopes become its default client scopes; catalog scopes no longer granted are removed. A
 * disabled agent stays disabled: re-enabling is a separate, deliberate act.
 */
export async function ensureAgent(
  admin: KeycloakAdmin,
  spec: AgentSpec,
  options: EnsureAgentOptions = {},
): Promise<EnsureAgentResult> {
  assertAgentId(spec.id);
  const dryRun = options.dryRun === true;
  const api = await admin.api();
  const isNew = (await findClient(api, spec.id)) === undefined;
  const { change, id } = await ensureClientWithScopes(
    admin,
    {
      clientId: spec.id,
      name: spec.id,
      description: spec.description,
      ...(isNew ? { enabled: true } : {}),
      protocol: 'openid-connect',
      publicClient: false,
      clientAuthenticatorType: 'client-secret',
      serviceAccountsEnabled: true,
      standardFlowEnabled: false,
      implicitFlowEnabled: false,
      directAccessGrantsEnabled: false,
      attributes: { [AGENT_ATTRIBUTE]: 'true' },
    },
    { wanted: [...new Set(spec.grantedScopes)], pruneCatalog: true },
    dryRun,
  );
  if (change !== 'created' || dryRun || id === undefined) return { change };
  const { value } = await api.clients.getClientSecret({ id });
  if (value === undefined) throw appError('UPSTREAM_FAILED', 'Keycloak returned no client secret.');
  return { change, secret: await issueSecret(spec.id, value, options.secretWriter) };
}
