import type { TestEnv } from '@mcpgw/testing';

/** Keycloak's Admin REST API with plain fetch; a fresh admin token per call (they live 60 s). */
export function keycloakAdmin(kc: TestEnv['keycloak']) {
  async function adminToken(): Promise<string> {
    const res = await fetch(`${kc.url}/realms/master/protocol/openid-connect/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'password',
        client_id: 'admin-cli',
        username: kc.adminUser,
        password: kc.adminPassword,
      }),
      signal: AbortSignal.timeout(30_000),
    });
    if (!res.ok) throw new Error(`admin token: ${res.status} ${await res.text()}`);
    return ((await res.json()) as { access_token: string }).access_token;
  }

  async function call(method: string, path: string, body?: unknown): Promise<Response> {
    const res = await fetch(`${kc.url}/admin/realms${path}`, {
      method,
      headers: {
        authorization: `Bearer ${await adminToken()}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return res;
  }

  /** Creates and returns the id from the Location header. */
  async function create(path: string, body: unknown): Promise<string> {
    const res = await call('POST', path, body);
    const id = res.headers.get('location')?.split('/').pop();
    if (!id) throw new Error(`POST ${path}: no Location header`);
    return id;
  }

  return { call, create };
}

export function audienceMapper(name: string, config: Record<string, string>) {
  return {
    name,
    protocol: 'openid-connect',
    protocolMapper: 'oidc-audience-mapper',
    config: { 'access.token.claim': 'true', 'id.token.claim': 'false', ...config },
  };
}

export const groupsMapper = {
  name: 'groups',
  protocol: 'openid-connect',
  protocolMapper: 'oidc-group-membership-mapper',
  config: {
    'claim.name': 'groups',
    'full.path': 'false',
    'id.token.claim': 'true',
    'access.token.claim': 'true',
    'userinfo.token.claim': 'true',
  },
};
