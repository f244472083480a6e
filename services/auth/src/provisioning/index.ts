export { combineChanges, differs, type Change } from './change.js';
export {
  connectKeycloakAdmin,
  type KeycloakAdmin,
  type KeycloakAdminSettings,
} from './keycloak-admin.js';
export { ensureRealm, type EnsureOptions } from './ensure-realm.js';
export {
  ensureAudienceScope,
  ensureClientScope,
  ensureGroupsScope,
  findClientScope,
  type CatalogScope,
} from './ensure-client-scope.js';
export { syncScopes, type SyncScopesOptions, type SyncScopesResult } from './sync-scopes.js';
export { findClient } from './ensure-client.js';
export { ensureConsoleClient, type ConsoleClientSettings } from './ensure-console-client.js';
export { ensureServiceClient, type ServiceClientSpec } from './ensure-service-client.js';
export { ensureGroups } from './ensure-groups.js';
export { ensureAdminUser, type AdminUserSpec } from './ensure-admin-user.js';
export {
  ensureAgent,
  type AgentSpec,
  type EnsureAgentOptions,
  type EnsureAgentResult,
} from './ensure-agent.js';
export { rotateAgentSecret } from './rotate-agent-secret.js';
export { disableAgent } from './disable-agent.js';
export { readClientSecret } from './read-client-secret.js';
export type { IssuedSecret, SecretWriter } from './secret-writer.js';
export {
  createProvisioning,
  type Provisioning,
  type ProvisioningSettings,
} from './create-provisioning.js';
export * from './names.js';
