import { appError } from '@mcpgw/errors';
import type { Actor } from '../model/actor.js';
import type { Agent } from '../model/agent.js';
import type { Scope } from '../model/scope.js';
import type { ServerVersion } from '../model/server-version.js';
import {
  provision,
  provisioningDetails,
  provisioningWarning,
  RETRY_HINTS,
  type ProvisioningWarning,
} from '../agents/provisioning-outcome.js';
import {
  NO_IDENTITY_PROVISIONING,
  type IdentityProvisioning,
} from '../ports/identity-provisioning.js';
import type { RegistryContext } from '../registry-context.js';
import { syncScopeCatalog } from './sync-scope-catalog.js';

/** Catalog-sized bound for the reference scan (target: 2,000 servers, a few versions each). */
const SCAN_LIMIT = 10_000;

export interface ScopeReferences {
  readonly definitions: { versionId: string; names: string[] }[];
  readonly agents: string[];
}

/**
 * Where a scope is still used. Definitions are scanned in code: `definitions` is an array of
 * objects, and the in-memory adapter (like the port contract) does not promise matching inside it.
 */
export async function findScopeReferences(
  ctx: RegistryContext,
  scopeId: string,
): Promise<ScopeReferences> {
  const versions = await ctx.store
    .collection<ServerVersion>('server_versions')
    .find({}, { limit: SCAN_LIMIT });
  const definitions = versions
    .map((v) => ({
      versionId: v.id,
      names: v.definitions.filter((d) => d.requiredScopes.includes(scopeId)).map((d) => d.name),
    }))
    .filter((ref) => ref.names.length > 0);
  const agents = await ctx.store
    .collection<Agent>('agents')
    .find({ grantedScopes: scopeId }, { limit: SCAN_LIMIT });
  return { definitions, agents: agents.map((a) => a.id) };
}

/**
 * Removes a scope nobody references; a referenced one → 409 naming where it is used. The whole
 * catalog is then synced, which deletes the Keycloak client scope.
 */
export async function deleteScope(
  ctx: RegistryContext,
  actor: Actor,
  scopeId: string,
  provisioning: IdentityProvisioning = NO_IDENTITY_PROVISIONING,
): Promise<{ warning?: ProvisioningWarning }> {
  const scopes = ctx.store.collection<Scope>('scopes');
  const scope = await scopes.get(scopeId);
  if (!scope) throw appError('NOT_FOUND', `The scope ${scopeId} does not exist.`);
  const refs = await findScopeReferences(ctx, scopeId);
  if (refs.definitions.length > 0 || refs.agents.length > 0) {
    throw appError('CONFLICT', `The scope ${scopeId} is still in use.`, {
      details: { usedBy: refs },
    });
  }
  await scopes.delete(scopeId, scope.rev);
  const { outcome } = await provision(
    ctx,
    provisioning,
    { call: 'syncScopes', target: scopeId },
    () => syncScopeCatalog(ctx, provisioning),
  );
  const details = provisioningDetails(outcome);
  await ctx.audit.record({
    action: 'scope.delete',
    actor,
    target: { id: scopeId },
    outcome: 'success',
    ...(Object.keys(details).length === 0 ? {} : { details }),
  });
  ctx.changes.notify('scopes');
  const warning = provisioningWarning(outcome, RETRY_HINTS.scopes);
  return warning === undefined ? {} : { warning };
}
