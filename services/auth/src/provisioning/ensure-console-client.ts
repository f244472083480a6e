import type { Change } from './change.js';
import { ensureClientWithScopes } from './ensure-client.js';
import type { EnsureOptions } from './ensure-realm.js';
import type { KeycloakAdmin } from './keycloak-admin.js';
import { AUDIENCE_SCOPE, CONSOLE_CLIENT_ID, GROUPS_SCOPE } from './names.js';

export interface ConsoleClientSettings {
  /** Public base URL of the registry, e.g. `https://registry.example.com` (no trailing slash). */
  readonly registryUrl: string;
}

/**
 * The console's OpenID client: authorization code with PKCE (S256) only, the auth service's
 * callback as the one redirect URI, RP-initiated logout back to the console, and standard token
 * exchange enabled for on-behalf-of calls.
 */
export async function ensureConsoleClient(
  admin: KeycloakAdmin,
  settings: ConsoleClientSettings,
  options: EnsureOptions = {},
): Promise<Change> {
  const base = settings.registryUrl.replace(/\/+$/, '');
  const { change } = await ensureClientWithScopes(
    admin,
    {
      clientId: CONSOLE_CLIENT_ID,
      name: 'MCP Gateway Registry console',
      enabled: true,
      protocol: 'openid-connect',
      publicClient: false,
      clientAuthenticatorType: 'client-secret',
      standardFlowEnabled: true,
      implicitFlowEnabled: false,
      directAccessGrantsEnabled: false,
      serviceAccountsEnabled: false,
      redirectUris: [`${base}/auth/callback`],
      webOrigins: [base],
      rootUrl: base,
      attributes: {
        'pkce.code.challenge.method': 'S256',
        'post.logout.redirect.uris': `${base}/`,
        'standard.token.exchange.enabled': 'true',
      },
    },
    { wanted: [AUDIENCE_SCOPE, GROUPS_SCOPE], pruneCatalog: false },
    options.dryRun === true,
  );
  return change;
}
