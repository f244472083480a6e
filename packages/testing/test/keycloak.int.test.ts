import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTokenVerifier } from '@mcpgw/identity';
import { loadTestEnv, uniqueName } from '@mcpgw/testing';
import type { TestEnv } from '@mcpgw/testing';

const AUDIENCE = 'http://127.0.0.1/mcp-gateway';

interface Client {
  clientId: string;
  secret: string;
}

/** Keycloak's Admin REST API with plain fetch; a fresh admin token per call (they live 60 s). */
function keycloakAdmin(kc: TestEnv['keycloak']) {
  async function adminToken(): Promise<string> {
    const body = await postForm(`${kc.url}/realms/master/protocol/openid-connect/token`, {
      grant_type: 'password',
      client_id: 'admin-cli',
      username: kc.adminUser,
      password: kc.adminPassword,
    });
    return body.access_token as string;
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

  return { adminToken, call, create };
}

async function postForm(
  url: string,
  form: Record<string, string>,
): Promise<Record<string, unknown>> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form),
    signal: AbortSignal.timeout(30_000),
  });
  const body = (await res.json()) as Record<string, unknown>;
  if (!res.ok) throw new Error(`POST ${url}: ${res.status} ${JSON.stringify(body)}`);
  return body;
}

describe('Keycloak (test environment)', () => {
  let kc: TestEnv['keycloak'];
  let admin: ReturnType<typeof keycloakAdmin>;
  const realm = uniqueName('smoke');
  let crmReadScopeId: string;

  async function createServiceClient(withAudience: boolean): Promise<Client> {
    const client: Client = {
      clientId: uniqueName(withAudience ? 'agent' : 'other'),
      secret: randomBytes(24).toString('base64url'),
    };
    const audienceMapper = {
      name: 'mcp-gateway-audience',
      protocol: 'openid-connect',
      protocolMapper: 'oidc-audience-mapper',
      config: {
        'included.custom.audience': AUDIENCE,
        'access.token.claim': 'true',
        'id.token.claim': 'false',
      },
    };
    const id = await admin.create(`/${realm}/clients`, {
      clientId: client.clientId,
      secret: client.secret,
      publicClient: false,
      clientAuthenticatorType: 'client-secret',
      serviceAccountsEnabled: true,
      standardFlowEnabled: false,
      directAccessGrantsEnabled: false,
      protocolMappers: withAudience ? [audienceMapper] : [],
    });
    await admin.call('PUT', `/${realm}/clients/${id}/default-client-scopes/${crmReadScopeId}`);
    return client;
  }

  async function clientCredentialsToken(client: Client): Promise<string> {
    const body = await postForm(`${kc.url}/realms/${realm}/protocol/openid-connect/token`, {
      grant_type: 'client_credentials',
      client_id: client.clientId,
      client_secret: client.secret,
    });
    return body.access_token as string;
  }

  beforeAll(async () => {
    kc = loadTestEnv().keycloak;
    admin = keycloakAdmin(kc);
    await admin.call('POST', '', { realm, enabled: true });
    crmReadScopeId = await admin.create(`/${realm}/client-scopes`, {
      name: 'crm.read',
      protocol: 'openid-connect',
      attributes: { 'include.in.token.scope': 'true', 'display.on.consent.screen': 'false' },
    });
  });

  afterAll(async () => {
    if (admin) await admin.call('DELETE', `/${realm}`);
  });

  it('when the master realm discovery document is fetched, then it names its issuer and endpoints', async () => {
    const res = await fetch(`${kc.url}/realms/master/.well-known/openid-configuration`);
    const doc = (await res.json()) as Record<string, unknown>;

    expect(res.status).toBe(200);
    expect(doc.issuer).toBe(`${kc.url}/realms/master`);
    expect(doc.token_endpoint).toBe(`${kc.url}/realms/master/protocol/openid-connect/token`);
    expect(doc.jwks_uri).toBe(`${kc.url}/realms/master/protocol/openid-connect/certs`);
  });

  it('when a service client with the gateway audience gets a token, then the verifier accepts it with its client id and scope', async () => {
    const client = await createServiceClient(true);
    const token = await clientCredentialsToken(client);
    const verifier = createTokenVerifier({
      issuers: [{ issuer: `${kc.url}/realms/${realm}`, audiences: [AUDIENCE] }],
    });

    const principal = await verifier.verify(token);

    expect(principal.issuer).toBe(`${kc.url}/realms/${realm}`);
    expect(principal.clientId).toBe(client.clientId);
    expect(principal.scopes).toContain('crm.read');
    expect(principal.subject).toMatch(/\S/);
  });

  it('when a token lacks the gateway audience, then the verifier rejects it with TOKEN_INVALID', async () => {
    const client = await createServiceClient(false);
    const token = await clientCredentialsToken(client);
    const verifier = createTokenVerifier({
      issuers: [{ issuer: `${kc.url}/realms/${realm}`, audiences: [AUDIENCE] }],
    });

    const rejection = verifier.verify(token);

    await expect(rejection).rejects.toMatchObject({
      code: 'TOKEN_INVALID',
      details: { reason: 'audience' },
    });
  });
});
