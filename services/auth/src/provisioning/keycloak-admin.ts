import KcAdminClient from '@keycloak/keycloak-admin-client';
import { appError } from '@mcpgw/errors';

export interface KeycloakAdminSettings {
  /** Keycloak base URL, e.g. `https://kc.example.com` (no `/realms/...`). */
  readonly url: string;
  /** A master-realm administrator (the bootstrap admin). */
  readonly username: string;
  readonly password: string;
  /** The realm every call works on. */
  readonly realm: string;
}

/** An authenticated admin-client bound to one realm. */
export interface KeycloakAdmin {
  readonly realm: string;
  readonly baseUrl: string;
  /** Returns the client with a token at most ~30 s old (master admin tokens live 60 s). */
  api(): Promise<KcAdminClient>;
}

const TOKEN_REUSE_MS = 30_000;

/** Logs in to the master realm with admin-cli and re-logs in before the token can expire. */
export async function connectKeycloakAdmin(
  settings: KeycloakAdminSettings,
): Promise<KeycloakAdmin> {
  const client = new KcAdminClient({ baseUrl: settings.url, realmName: 'master' });
  let authenticatedAt = 0;
  async function login(): Promise<void> {
    client.setConfig({ realmName: 'master' });
    try {
      await client.auth({
        grantType: 'password',
        clientId: 'admin-cli',
        username: settings.username,
        password: settings.password,
      });
    } catch (err) {
      // The admin-client's error can carry the request; report only what is safe.
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
