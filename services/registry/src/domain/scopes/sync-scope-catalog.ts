import type { Scope } from '../model/scope.js';
import type { IdentityProvisioning } from '../ports/identity-provisioning.js';
import type { RegistryContext } from '../registry-context.js';

/** Above what the auth service accepts in one sync (1000), so an oversized catalog fails loudly. */
const CATALOG_LIMIT = 1_001;

/** One chain per adapter: syncs of this process run one after another. */
const chains = new WeakMap<IdentityProvisioning, Promise<unknown>>();

/**
 * Sends the whole scope catalog to the identity provider, which prunes what is missing. Syncs
 * are serialized and each reads the catalog only when its turn comes, so a slower sync of an
 * older catalog can never finish last and prune a scope created meanwhile in this process.
 * (Another registry task can still interleave; the next scope change repairs that.)
 */
export function syncScopeCatalog(
  ctx: RegistryContext,
  provisioning: IdentityProvisioning,
): Promise<void> {
  const previous = chains.get(provisioning) ?? Promise.resolve();
  const next = previous.then(async () => {
    const scopes = await ctx.store.collection<Scope>('scopes').find({}, { limit: CATALOG_LIMIT });
    await provisioning.syncScopes(scopes.map(({ id, description }) => ({ id, description })));
  });
  chains.set(
    provisioning,
    next.catch(() => undefined),
  );
  return next;
}
