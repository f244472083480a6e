import KcAdminClient from '@keycloak/keycloak-admin-client';
import { appError } from '@mcpgw/errors';
import type { KeycloakAdmin } from '../provisioning/index.js';

/** How the auth service logs in to Keycloak's Admin REST API. */
export type AdminLogin =
  | { readonly grant: 'client_credentials'; readonly clientSecret: string }
  | { readonly grant: 'password'; readonly username: string; readonly password: string };

export interface AdminConnectionSettings {
  /** Keycloak base URL, without `/realms/...`. */
  readonly url: string;
  /** Realm the admin identity logs in to (`master`, or the agents realm for a service account). */
  readonly loginRealm: string;
  readonly clientId: string;
  readonly login: AdminLogin;
  /** Realm every provisioning call works on (where the agents live). */
  readonly realm: string;
}

// Master admin tokens live 60 s; re-login well before, whichever realm issued them.
const TOKEN_REUSE_MS = 30_000;

/**
 * Like provisioning's `connectKeycloakAdmin`, but also with a service-account client and a login
 * realm other than master, which is what production should use (no master admin password).
 */
export async function connectAdmin(settings: AdminConnectionSettings): Promise<KeycloakAdmin> {
  const client = new KcAdminClient({ baseUrl: settings.url, realmName: settings.loginRealm });
  let authenticatedAt = 0;
  const credentials =
    settings.login.grant === 'password'
      ? {
          grantType: 'password' as const,
          clientId: settings.clientId,
          username: settings.login.username,
          password: settings.login.password,
        }
      : {
          grantType: 'client_credentials' as const,
          clientId: settings.clientId,
          clientSecret: settings.login.clientSecret,
        };
  async function login(): Promise<void> {
    client.setConfig({ realmName: settings.loginRealm });
    try {
      await client.auth(credentials);
    } catch (err) {
      // The admin-client's error can carry the request (and so the credentials): keep the text.
      throw appError('UPSTREAM_FAILED', `Keycloak admin login at ${settings.url} failed.`, {
        cause: new Error(err instanceof Error ? err.message : String(err)),
      });
    }
    client.setConfig({ realmName: settings.realm });
    authenticatedAt = Date.now();
  }
  await login();
  return {
    realm: settings.realm,
    baseUrl: settings.url,
    async api() {
      if (Date.now() - authenticatedAt > TOKEN_REUSE_MS) await login();
      return client;
    },
  };
}
