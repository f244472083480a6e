import type { Change } from './change.js';
import { ensureClientWithScopes } from './ensure-client.js';
import type { EnsureOptions } from './ensure-realm.js';
import type { KeycloakAdmin } from './keycloak-admin.js';
import { AUDIENCE_SCOPE } from './names.js';

export interface ServiceClientSpec {
  readonly clientId: string;
  readonly description: string;
  /** Catalog scopes the client holds by default (e.g. `registry.snapshot.read`). */
  readonly scopes: readonly string[];
}

/** A confidential client for service-to-service calls (client credentials, gateway audience). */
export async function ensureServiceClient(
  admin: KeycloakAdmin,
  spec: ServiceClientSpec,
  options: EnsureOptions = {},
): Promise<Change> {
  const { change } = await ensureClientWithScopes(
    admin,
    {
      clientId: spec.clientId,
      name: spec.clientId,
      description: spec.description,
      enabled: true,
      protocol: 'openid-connect',
      publicClient: false,
      clientAuthenticatorType: 'client-secret',
      serviceAccountsEnabled: true,
      standardFlowEnabled: false,
      implicitFlowEnabled: false,
      directAccessGrantsEnabled: false,
    },
    { wanted: [AUDIENCE_SCOPE, ...spec.scopes], pruneCatalog: true },
    options.dryRun === true,
  );
  return change;
}
