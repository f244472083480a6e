import { createTokenVerifier } from '@mcpgw/identity';
import type { Logger } from '@mcpgw/logger';
import type { AuthConfig } from '../config.js';
import type { ProvisioningRouterDeps } from '../http/provisioning-routes.js';
import { createProvisioning, type Provisioning } from '../provisioning/index.js';
import { createAdminAuthorizer } from './authorize-admin.js';
import { connectAdmin, type AdminConnectionSettings } from './connect-admin.js';
import { lazyProvisioning } from './lazy-provisioning.js';

export interface AdminRoutesInput {
  readonly config: Readonly<AuthConfig>;
  readonly logger: Logger;
  /** The issuer tokens come from: AUTH_OIDC_ISSUER, or the embedded issuer in embedded mode. */
  readonly issuer: string;
  /** Replaces the Keycloak connection (tests of the wiring). */
  readonly connect?: () => Promise<Provisioning>;
  /** Embedded mode: the provider's own in-memory provisioning; needs no connection. */
  readonly embedded?: Provisioning;
}

export const NOT_AVAILABLE_EMBEDDED =
  'Provisioning is not available: the embedded OpenID provider is not running.';
export const NOT_CONFIGURED =
  'Provisioning is not configured: set AUTH_KEYCLOAK_ADMIN_URL, AUTH_KEYCLOAK_REALM and the ' +
  'admin credentials (see docs/identity.md).';

/** The Keycloak admin connection from configuration, or undefined when it is not configured. */
export function adminConnectionSettings(
  config: Readonly<AuthConfig>,
): AdminConnectionSettings | undefined {
  const url = config.AUTH_KEYCLOAK_ADMIN_URL;
  const realm = config.AUTH_KEYCLOAK_REALM;
  if (config.AUTH_MODE !== 'keycloak' || url === undefined || realm === undefined) return undefined;
  const secret = config.AUTH_KEYCLOAK_ADMIN_CLIENT_SECRET;
  const username = config.AUTH_KEYCLOAK_ADMIN_USERNAME;
  const password = config.AUTH_KEYCLOAK_ADMIN_PASSWORD;
  const login =
    secret !== undefined
      ? { grant: 'client_credentials' as const, clientSecret: secret }
      : username !== undefined && password !== undefined
        ? { grant: 'password' as const, username, password }
        : undefined;
  if (login === undefined) return undefined;
  return {
    url: url.replace(/\/+$/, ''),
    loginRealm: config.AUTH_KEYCLOAK_ADMIN_REALM,
    clientId: config.AUTH_KEYCLOAK_ADMIN_CLIENT_ID,
    login,
    realm,
  };
}

/**
 * Dependencies of the /auth/admin routes: the caller check always (so an unauthorized caller
 * learns nothing about the configuration), and the provisioning: the embedded provider's in
 * embedded mode, Keycloak's when Keycloak admin access is configured. Nothing here talks to
 * Keycloak; the first admin request does.
 */
export function createAdminRoutes(input: AdminRoutesInput): ProvisioningRouterDeps {
  const { config, logger } = input;
  const verifier = createTokenVerifier({
    issuers: [
      {
        issuer: input.issuer,
        audiences: [config.AUTH_SERVICE_TOKEN_AUDIENCE ?? config.AUTH_GATEWAY_RESOURCE],
      },
    ],
  });
  const authorize = createAdminAuthorizer({ verifier, callers: config.AUTH_ADMIN_CALLERS });
  if (config.AUTH_MODE === 'embedded' && input.embedded !== undefined)
    return { authorize, logger, provisioning: input.embedded };
  const settings = adminConnectionSettings(config);
  if (settings === undefined && input.connect === undefined) {
    const unavailable = config.AUTH_MODE === 'embedded' ? NOT_AVAILABLE_EMBEDDED : NOT_CONFIGURED;
    return { authorize, logger, unavailable };
  }
  const connect =
    input.connect ??
    (async () =>
      createProvisioning({
        admin: await connectAdmin(settings as AdminConnectionSettings),
        gatewayAudience: config.AUTH_GATEWAY_RESOURCE,
      }));
  return { authorize, logger, provisioning: lazyProvisioning({ connect, logger }) };
}
