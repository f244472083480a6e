import type KcAdminClient from '@keycloak/keycloak-admin-client';
import type ProtocolMapperRepresentation from '@keycloak/keycloak-admin-client/lib/defs/protocolMapperRepresentation.js';
import type { Change } from './change.js';
import { differs } from './change.js';

export type MapperSpec = Required<
  Pick<ProtocolMapperRepresentation, 'name' | 'protocol' | 'protocolMapper' | 'config'>
>;

export function audienceMapper(name: string, audience: string): MapperSpec {
  return {
    name,
    protocol: 'openid-connect',
    protocolMapper: 'oidc-audience-mapper',
    config: {
      'included.custom.audience': audience,
      'access.token.claim': 'true',
      'id.token.claim': 'false',
      'introspection.token.claim': 'true',
    },
  };
}

export function groupsMapper(name: string): MapperSpec {
  return {
    name,
    protocol: 'openid-connect',
    protocolMapper: 'oidc-group-membership-mapper',
    config: {
      'claim.name': 'groups',
      'full.path': 'false',
      'access.token.claim': 'true',
      'id.token.claim': 'true',
      'userinfo.token.claim': 'true',
      'introspection.token.claim': 'true',
    },
  };
}

/** Adds or corrects one mapper (matched by name) on a client scope. */
export async function ensureScopeMapper(
  api: KcAdminClient,
  scopeId: string,
  existing: readonly ProtocolMapperRepresentation[],
  desired: MapperSpec,
  dryRun: boolean,
): Promise<Change> {
  const current = existing.find((mapper) => mapper.name === desired.name);
  if (current === undefined) {
    if (!dryRun) await api.clientScopes.addProtocolMapper({ id: scopeId }, desired);
    return 'created';
  }
  if (!differs(current, desired)) return 'unchanged';
  if (!dryRun) {
    await api.clientScopes.updateProtocolMapper(
      { id: scopeId, mapperId: current.id as string },
      { ...current, ...desired, config: { ...current.config, ...desired.config } },
    );
  }
  return 'updated';
}
