import type KcAdminClient from '@keycloak/keycloak-admin-client';
import type ClientScopeRepresentation from '@keycloak/keycloak-admin-client/lib/defs/clientScopeRepresentation.js';
import { appError } from '@mcpgw/errors';
import { combineChanges, differs, type Change } from './change.js';
import {
  audienceMapper,
  ensureScopeMapper,
  groupsMapper,
  type MapperSpec,
} from './ensure-mapper.js';
import type { EnsureOptions } from './ensure-realm.js';
import type { KeycloakAdmin } from './keycloak-admin.js';
import {
  AUDIENCE_MAPPER,
  AUDIENCE_SCOPE,
  CATALOG_ATTRIBUTE,
  GROUPS_MAPPER,
  GROUPS_SCOPE,
  SCOPE_ID,
} from './names.js';
import { orAbsent } from './not-found.js';

/** A scope of the registry's catalog. */
export interface CatalogScope {
  readonly id: string;
  readonly description: string;
}

export async function findClientScope(
  api: KcAdminClient,
  name: string,
): Promise<ClientScopeRepresentation | undefined> {
  return orAbsent(() => api.clientScopes.findOneByName({ name }));
}

/** Creates or corrects a client scope and its mappers. */
async function ensureScopeWith(
  admin: KeycloakAdmin,
  desired: ClientScopeRepresentation & { name: string },
  mappers: readonly MapperSpec[],
  options: EnsureOptions,
): Promise<Change> {
  const api = await admin.api();
  const dryRun = options.dryRun === true;
  const existing = await findClientScope(api, desired.name);
  if (existing === undefined) {
    if (dryRun) return 'created';
    await api.clientScopes.create({ ...desired, protocolMappers: [...mappers] });
    return 'created';
  }
  const changes: Change[] = [];
  if (differs(existing, desired)) {
    if (!dryRun) {
      await api.clientScopes.update(
        { id: existing.id as string },
        { ...existing, ...desired, attributes: { ...existing.attributes, ...desired.attributes } },
      );
    }
    changes.push('updated');
  }
  for (const mapper of mappers) {
    const change = await ensureScopeMapper(
      api,
      existing.id as string,
      existing.protocolMappers ?? [],
      mapper,
      dryRun,
    );
    changes.push(change === 'unchanged' ? 'unchanged' : 'updated');
  }
  return combineChanges(changes);
}

function scopeAttributes(extra: Record<string, string> = {}): Record<string, string> {
  return {
    'include.in.token.scope': 'true',
    'display.on.consent.screen': 'false',
    ...extra,
  };
}

/**
 * A catalog scope as a Keycloak client scope, with the audience mapper so any token carrying
 * the scope is also addressed to the gateway.
 */
export async function ensureClientScope(
  admin: KeycloakAdmin,
  scope: CatalogScope,
  gatewayAudience: string,
  options: EnsureOptions = {},
): Promise<Change> {
  if (!SCOPE_ID.test(scope.id)) {
    throw appError(
      'VALIDATION_FAILED',
      `Scope id ${JSON.stringify(scope.id)} is not a valid scope name.`,
    );
  }
  return ensureScopeWith(
    admin,
    {
      name: scope.id,
      description: scope.description,
      protocol: 'openid-connect',
      attributes: scopeAttributes({ [CATALOG_ATTRIBUTE]: 'true' }),
    },
    [audienceMapper(AUDIENCE_MAPPER, gatewayAudience)],
    options,
  );
}

/** The scope that only adds the gateway audience (default scope of console and service clients). */
export async function ensureAudienceScope(
  admin: KeycloakAdmin,
  gatewayAudience: string,
  options: EnsureOptions = {},
): Promise<Change> {
  return ensureScopeWith(
    admin,
    {
      name: AUDIENCE_SCOPE,
      description: 'Adds the gateway resource URI to the access token audience.',
      protocol: 'openid-connect',
      attributes: scopeAttributes({ 'include.in.token.scope': 'false' }),
    },
    [audienceMapper(AUDIENCE_MAPPER, gatewayAudience)],
    options,
  );
}

/** The scope carrying the `groups` claim (names without path). */
export async function ensureGroupsScope(
  admin: KeycloakAdmin,
  options: EnsureOptions = {},
): Promise<Change> {
  return ensureScopeWith(
    admin,
    {
      name: GROUPS_SCOPE,
      description: 'Adds the user’s groups (names, no path) as the groups claim.',
      protocol: 'openid-connect',
      attributes: scopeAttributes({ 'include.in.token.scope': 'false' }),
    },
    [groupsMapper(GROUPS_MAPPER)],
    options,
  );
}
