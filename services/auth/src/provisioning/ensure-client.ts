import type KcAdminClient from '@keycloak/keycloak-admin-client';
import type ClientRepresentation from '@keycloak/keycloak-admin-client/lib/defs/clientRepresentation.js';
import { appError } from '@mcpgw/errors';
import { combineChanges, differs, type Change } from './change.js';
import { findClientScope } from './ensure-client-scope.js';
import type { KeycloakAdmin } from './keycloak-admin.js';
import { CATALOG_ATTRIBUTE } from './names.js';
import { orAbsent } from './not-found.js';

export type ClientSpec = ClientRepresentation & { clientId: string };

export async function findClient(
  api: KcAdminClient,
  clientId: string,
): Promise<ClientRepresentation | undefined> {
  const found = await orAbsent(() => api.clients.find({ clientId, max: 2 }));
  return found?.find((client) => client.clientId === clientId);
}

/** Creates the client or corrects the fields of `desired`; returns the change and its uuid. */
export async function upsertClient(
  api: KcAdminClient,
  desired: ClientSpec,
  dryRun: boolean,
): Promise<{ change: Change; id: string | undefined }> {
  const existing = await findClient(api, desired.clientId);
  if (existing === undefined) {
    if (dryRun) return { change: 'created', id: undefined };
    const { id } = await api.clients.create(desired);
    return { change: 'created', id };
  }
  const id = existing.id as string;
  if (!differs(existing, desired)) return { change: 'unchanged', id };
  if (!dryRun) {
    await api.clients.update(
      { id },
      { ...existing, ...desired, attributes: { ...existing.attributes, ...desired.attributes } },
    );
  }
  return { change: 'updated', id };
}

export interface DefaultScopePlan {
  /** Client scope names that must be default scopes of the client. */
  readonly wanted: readonly string[];
  /** Remove catalog scopes (marked by attribute) that are not wanted. Keycloak's own stay. */
  readonly pruneCatalog: boolean;
}

/** Ids of the named client scopes; VALIDATION_FAILED naming all unknown ones (not in a dry run). */
export async function resolveScopeIds(
  api: KcAdminClient,
  names: readonly string[],
  dryRun: boolean,
): Promise<Map<string, string>> {
  const scopeIds = new Map<string, string>();
  const missing: string[] = [];
  for (const name of names) {
    const scope = await findClientScope(api, name);
    if (scope?.id === undefined) missing.push(name);
    else scopeIds.set(name, scope.id);
  }
  if (missing.length > 0 && !dryRun) {
    throw appError('VALIDATION_FAILED', `Unknown scopes: ${missing.join(', ')}.`, {
      details: { unknownScopes: missing },
    });
  }
  return scopeIds;
}

/** Makes the client's default client scopes contain `wanted` (and, if asked, no other catalog scope). */
export async function ensureDefaultScopes(
  api: KcAdminClient,
  clientUuid: string | undefined,
  plan: DefaultScopePlan,
  scopeIds: ReadonlyMap<string, string>,
  dryRun: boolean,
): Promise<Change> {
  if (clientUuid === undefined) return plan.wanted.length > 0 ? 'updated' : 'unchanged';
  const current = await api.clients.listDefaultClientScopes({ id: clientUuid });
  const currentNames = new Set(current.map((scope) => scope.name));
  const changes: Change[] = [];
  for (const [name, scopeId] of scopeIds) {
    if (currentNames.has(name)) continue;
    if (!dryRun)
      await api.clients.addDefaultClientScope({ id: clientUuid, clientScopeId: scopeId });
    changes.push('updated');
  }
  if (plan.pruneCatalog) {
    const wanted = new Set(plan.wanted);
    for (const scope of current) {
      if (wanted.has(scope.name ?? '')) continue;
      const full = await findClientScope(api, scope.name ?? '');
      if (full?.attributes?.[CATALOG_ATTRIBUTE] !== 'true') continue;
      if (!dryRun) {
        await api.clients.delDefaultClientScope({
          id: clientUuid,
          clientScopeId: scope.id as string,
        });
      }
      changes.push('updated');
    }
  }
  return combineChanges(changes);
}

export async function ensureClientWithScopes(
  admin: KeycloakAdmin,
  desired: ClientSpec,
  plan: DefaultScopePlan,
  dryRun: boolean,
): Promise<{ change: Change; id: string | undefined }> {
  const api = await admin.api();
  // Unknown scopes are refused before anything is written, so a bad request creates nothing.
  const scopeIds = await resolveScopeIds(api, plan.wanted, dryRun);
  const client = await upsertClient(api, desired, dryRun);
  const scopes = await ensureDefaultScopes(api, client.id, plan, scopeIds, dryRun);
  if (client.change === 'created') return client;
  return { change: combineChanges([client.change, scopes]), id: client.id };
}
