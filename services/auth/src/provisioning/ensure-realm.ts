import type { Change } from './change.js';
import { differs } from './change.js';
import type { KeycloakAdmin } from './keycloak-admin.js';

export interface EnsureOptions {
  /** Compute and return the change without making it. */
  readonly dryRun?: boolean;
}

const REALM_SETTINGS = {
  enabled: true,
  sslRequired: 'external',
  registrationAllowed: false,
  // Agent tokens are short-lived: disabling an agent bounds how long an issued token still works.
  accessTokenLifespan: 300,
  bruteForceProtected: true,
} as const;

/** Creates the realm, or brings its security settings back to the expected values. */
export async function ensureRealm(
  admin: KeycloakAdmin,
  options: EnsureOptions = {},
): Promise<Change> {
  const api = await admin.api();
  const existing = await api.realms.findOne({ realm: admin.realm });
  if (!existing) {
    if (!options.dryRun) await api.realms.create({ realm: admin.realm, ...REALM_SETTINGS });
    return 'created';
  }
  if (!differs(existing, REALM_SETTINGS)) return 'unchanged';
  if (!options.dryRun)
    await api.realms.update({ realm: admin.realm }, { ...existing, ...REALM_SETTINGS });
  return 'updated';
}
