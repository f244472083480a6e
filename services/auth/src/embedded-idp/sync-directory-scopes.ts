import { appError } from '@mcpgw/errors';
import {
  combineChanges,
  SCOPE_ID,
  type CatalogScope,
  type Change,
  type SyncScopesResult,
} from '../provisioning/index.js';
import type { ClientDirectory } from './client-directory.js';

/**
 * Makes the embedded catalog equal to the registry's, like the Keycloak `syncScopes`: every
 * scope is created or its description corrected and comes under the catalog's management; a
 * managed scope no longer listed is deleted, and with it every client's hold on it, so the next
 * token no longer carries it. The identity file's scopes no sync has named are left alone.
 */
export function syncDirectoryScopes(
  directory: ClientDirectory,
  catalog: readonly CatalogScope[],
): SyncScopesResult {
  const invalid = catalog.find((scope) => !SCOPE_ID.test(scope.id));
  if (invalid !== undefined)
    throw appError(
      'VALIDATION_FAILED',
      `Scope id ${JSON.stringify(invalid.id)} is not a valid scope name.`,
    );
  const scopes: Record<string, Change | 'deleted'> = {};
  for (const scope of catalog) {
    const current = directory.scopes().get(scope.id);
    scopes[scope.id] =
      current === undefined ? 'created' : current === scope.description ? 'unchanged' : 'updated';
    if (scopes[scope.id] !== 'unchanged' || !directory.inCatalog(scope.id))
      directory.putScope(scope.id, scope.description);
  }
  const wanted = new Set(catalog.map((scope) => scope.id));
  for (const name of [...directory.scopes().keys()]) {
    if (wanted.has(name) || !directory.inCatalog(name)) continue;
    directory.deleteScope(name);
    scopes[name] = 'deleted';
  }
  const changes = Object.values(scopes).map((c) => (c === 'deleted' ? 'updated' : c));
  return { change: combineChanges(changes), scopes };
}
