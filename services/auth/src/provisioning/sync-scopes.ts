import { combineChanges, type Change } from './change.js';
import { ensureClientScope, type CatalogScope } from './ensure-client-scope.js';
import type { EnsureOptions } from './ensure-realm.js';
import type { KeycloakAdmin } from './keycloak-admin.js';
import { CATALOG_ATTRIBUTE } from './names.js';

export interface SyncScopesOptions extends EnsureOptions {
  /** Delete catalog client scopes no longer in the catalog (never Keycloak's own). Default true. */
  readonly prune?: boolean;
}

export interface SyncScopesResult {
  readonly change: Change;
  readonly scopes: Readonly<Record<string, Change | 'deleted'>>;
}

/** Makes Keycloak's catalog client scopes equal to the registry's scope catalog. */
export async function syncScopes(
  admin: KeycloakAdmin,
  catalog: readonly CatalogScope[],
  gatewayAudience: string,
  options: SyncScopesOptions = {},
): Promise<SyncScopesResult> {
  const scopes: Record<string, Change | 'deleted'> = {};
  for (const scope of catalog) {
    scopes[scope.id] = await ensureClientScope(admin, scope, gatewayAudience, options);
  }
  if (options.prune !== false) {
    const wanted = new Set(catalog.map((scope) => scope.id));
    const api = await admin.api();
    const all = await api.clientScopes.find();
    for (const stale of all) {
      if (stale.attributes?.[CATALOG_ATTRIBUTE] !== 'true' || wanted.has(stale.name ?? ''))
        continue;
      if (!options.dryRun) await api.clientScopes.del({ id: stale.id as string });
      scopes[stale.name as string] = 'deleted';
    }
  }
  const changes = Object.values(scopes).map((c) => (c === 'deleted' ? 'updated' : c));
  return { change: combineChanges(changes), scopes };
}
