import { appError, isAppError } from '@mcpgw/errors';
import type { Actor } from '../model/actor.js';
import type { Scope } from '../model/scope.js';
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

export interface CreateScopeInput {
  readonly id: string;
  readonly description: string;
}

/**
 * Adds a scope to the catalog; reviewers can then require it on tools and admins grant it. The
 * whole catalog is then synced to Keycloak client scopes; a failure keeps the scope and comes
 * back as a warning.
 */
export async function createScope(
  ctx: RegistryContext,
  actor: Actor,
  input: CreateScopeInput,
  provisioning: IdentityProvisioning = NO_IDENTITY_PROVISIONING,
): Promise<{ scope: Scope; warning?: ProvisioningWarning }> {
  const now = ctx.clock.now().toISOString();
  let stored: Scope;
  try {
    stored = await ctx.store.collection<Scope>('scopes').insert({
      id: input.id,
      description: input.description,
      createdBy: actor.subject,
      createdAt: now,
      updatedAt: now,
    });
  } catch (error) {
    if (isAppError(error) && error.code === 'CONFLICT') {
      throw appError('CONFLICT', `The scope ${input.id} already exists.`);
    }
    throw error;
  }
  const { outcome } = await provision(
    ctx,
    provisioning,
    { call: 'syncScopes', target: input.id },
    () => syncScopeCatalog(ctx, provisioning),
  );
  const details = provisioningDetails(outcome);
  await ctx.audit.record({
    action: 'scope.create',
    actor,
    target: { id: input.id },
    outcome: 'success',
    ...(Object.keys(details).length === 0 ? {} : { details }),
  });
  ctx.changes.notify('scopes');
  const warning = provisioningWarning(outcome, RETRY_HINTS.scopes);
  return warning === undefined ? { scope: stored } : { scope: stored, warning };
}
