import type { Change } from './change.js';
import type { CatalogScope } from './ensure-client-scope.js';
import { disableAgent } from './disable-agent.js';
import { ensureAgent, type AgentSpec, type EnsureAgentResult } from './ensure-agent.js';
import type { KeycloakAdmin } from './keycloak-admin.js';
import { rotateAgentSecret } from './rotate-agent-secret.js';
import type { IssuedSecret, SecretWriter } from './secret-writer.js';
import { syncScopes, type SyncScopesResult } from './sync-scopes.js';

/** What the registry asks of Keycloak when agents and scopes change (the admin endpoints' port). */
export interface Provisioning {
  ensureAgent(spec: AgentSpec): Promise<EnsureAgentResult>;
  rotateAgentSecret(agentId: string): Promise<IssuedSecret>;
  disableAgent(agentId: string): Promise<Change>;
  syncScopes(catalog: readonly CatalogScope[]): Promise<SyncScopesResult>;
}

export interface ProvisioningSettings {
  readonly admin: KeycloakAdmin;
  /** The gateway resource URI tokens must be addressed to, e.g. `https://registry.example.com/mcp`. */
  readonly gatewayAudience: string;
  /** When set, new agent secrets go here instead of into the response. */
  readonly secretWriter?: SecretWriter;
}

export function createProvisioning(settings: ProvisioningSettings): Provisioning {
  const { admin, gatewayAudience, secretWriter } = settings;
  const writer = secretWriter === undefined ? {} : { secretWriter };
  return {
    ensureAgent: (spec) => ensureAgent(admin, spec, writer),
    rotateAgentSecret: (agentId) => rotateAgentSecret(admin, agentId, secretWriter),
    disableAgent: (agentId) => disableAgent(admin, agentId),
    syncScopes: (catalog) => syncScopes(admin, catalog, gatewayAudience),
  };
}
