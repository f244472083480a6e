import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTokenVerifier } from '@mcpgw/identity';
import { loadTestEnv, uniqueName } from '@mcpgw/testing';
import {
  connectKeycloakAdmin,
  createProvisioning,
  ensureAgent,
  ensureClientScope,
  ensureRealm,
  findClient,
  type KeycloakAdmin,
  type Provisioning,
} from '../../src/provisioning/index.js';

const AUDIENCE = 'http://127.0.0.1:7003/mcp';

describe('Keycloak provisioning (real Keycloak)', () => {
  const realm = uniqueName('prov');
  let admin: KeycloakAdmin;
  let provisioning: Provisioning;
  let issuer: string;

  async function token(clientId: string, clientSecret: string): Promise<Response> {
    return fetch(`${issuer}/protocol/openid-connect/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: clientId,
        client_secret: clientSecret,
      }),
      signal: AbortSignal.timeout(30_000),
    });
  }

  async function accessToken(clientId: string, clientSecret: string): Promise<string> {
    const res = await token(clientId, clientSecret);
    const body = (await res.json()) as { access_token?: string };
    expect(res.status).toBe(200);
    return body.access_token as string;
  }

  async function newAgent(grantedScopes: string[]): Promise<{ id: string; secret: string }> {
    const id = uniqueName('agent').replace(/_/g, '-');
    const result = await provisioning.ensureAgent({ id, description: 'test agent', grantedScopes });
    expect(result.change).toBe('created');
    return { id, secret: result.secret?.clientSecret as string };
  }

  function verifier() {
    return createTokenVerifier({ issuers: [{ issuer, audiences: [AUDIENCE] }] });
  }

  beforeAll(async () => {
    const kc = loadTestEnv().keycloak;
    admin = await connectKeycloakAdmin({
      url: kc.url,
      username: kc.adminUser,
      password: kc.adminPassword,
      realm,
    });
    issuer = `${kc.url}/realms/${realm}`;
    await ensureRealm(admin);
    provisioning = createProvisioning({ admin, gatewayAudience: AUDIENCE });
    await provisioning.syncScopes([
      { id: 'crm.read', description: 'Read CRM.' },
      { id: 'crm.contact.update', description: 'Change CRM contacts.' },
    ]);
  });

  afterAll(async () => {
    if (admin) await (await admin.api()).realms.del({ realm });
  });

  it('when an agent is ensured, then its client-credentials token is accepted with the gateway audience and its granted scopes only', async () => {
    const agent = await newAgent(['crm.read']);

    const principal = await verifier().verify(await accessToken(agent.id, agent.secret));

    expect(principal.clientId).toBe(agent.id);
    expect(principal.scopes).toContain('crm.read');
    expect(principal.scopes).not.toContain('crm.contact.update');
  });

  it('when the same agent is ensured again, then it reports unchanged; when its grants change, then updated and the token follows', async () => {
    const agent = await newAgent(['crm.read']);
    const spec = { id: agent.id, description: 'test agent' };

    const again = await provisioning.ensureAgent({ ...spec, grantedScopes: ['crm.read'] });
    const regrant = await provisioning.ensureAgent({
      ...spec,
      grantedScopes: ['crm.contact.update'],
    });
    const principal = await verifier().verify(await accessToken(agent.id, agent.secret));

    expect(again).toEqual({ change: 'unchanged' });
    expect(regrant.change).toBe('updated');
    expect(principal.scopes).toContain('crm.contact.update');
    expect(principal.scopes).not.toContain('crm.read');
  });

  it('when a client without the audience mapper gets a token, then the verifier refuses it for audience', async () => {
    const api = await admin.api();
    const clientId = uniqueName('other');
    const { id } = await api.clients.create({
      clientId,
      publicClient: false,
      serviceAccountsEnabled: true,
      standardFlowEnabled: false,
    });
    const { value } = await api.clients.getClientSecret({ id });

    const rejection = verifier().verify(await accessToken(clientId, value as string));

    await expect(rejection).rejects.toMatchObject({
      code: 'TOKEN_INVALID',
      details: { reason: 'audience' },
    });
  });

  it('when an agent secret is rotated, then the old secret is refused (401 unauthorized_client, Keycloak 26 answer to a wrong secret) and the new one works', async () => {
    const agent = await newAgent(['crm.read']);

    const rotated = await provisioning.rotateAgentSecret(agent.id);
    const old = await token(agent.id, agent.secret);
    const oldBody = (await old.json()) as { error?: string };
    const principal = await verifier().verify(
      await accessToken(agent.id, rotated.clientSecret as string),
    );

    expect(rotated.clientSecret).toMatch(/\S{16,}/);
    expect(rotated.clientSecret).not.toBe(agent.secret);
    expect(old.status).toBe(401);
    expect(oldBody.error).toBe('unauthorized_client');
    expect(principal.clientId).toBe(agent.id);
  });

  it('when an agent is disabled, then a new token is refused at once and disabling again is unchanged', async () => {
    const agent = await newAgent(['crm.read']);
    await accessToken(agent.id, agent.secret);

    const first = await provisioning.disableAgent(agent.id);
    const refused = await token(agent.id, agent.secret);
    const second = await provisioning.disableAgent(agent.id);

    expect(first).toBe('updated');
    expect(refused.status).toBeGreaterThanOrEqual(400);
    expect(((await refused.json()) as { error?: string }).error).toMatch(
      /^(invalid_client|unauthorized_client)$/,
    );
    expect(second).toBe('unchanged');
  });

  it('when a secret writer is given, then the new secret goes to it and only its reference is returned', async () => {
    const written: Record<string, string> = {};
    const writer = {
      async writeAgentSecret(agentId: string, clientSecret: string) {
        written[agentId] = clientSecret;
        return `arn:aws:secretsmanager:eu-west-1:000000000000:secret:agents/${agentId}`;
      },
    };
    const id = uniqueName('agent').replace(/_/g, '-');

    const created = await ensureAgent(
      admin,
      { id, description: 'x', grantedScopes: [] },
      { secretWriter: writer },
    );

    expect(created.secret).toEqual({
      secretRef: `arn:aws:secretsmanager:eu-west-1:000000000000:secret:agents/${id}`,
    });
    expect(await accessToken(id, written[id] as string)).toMatch(/^ey/);
  });

  it('when an agent is granted a scope that is not in the catalog, then VALIDATION_FAILED names it and nothing is created', async () => {
    const id = uniqueName('agent').replace(/_/g, '-');

    const attempt = provisioning.ensureAgent({
      id,
      description: 'x',
      grantedScopes: ['nope.scope'],
    });

    await expect(attempt).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { unknownScopes: ['nope.scope'] },
    });
    expect(await findClient(await admin.api(), id)).toBeUndefined();
  });

  it('when the catalog drops a scope, then syncScopes deletes that client scope and reports the rest unchanged', async () => {
    await ensureClientScope(admin, { id: 'tickets.read', description: 'Read tickets.' }, AUDIENCE);

    const result = await provisioning.syncScopes([
      { id: 'crm.read', description: 'Read CRM.' },
      { id: 'crm.contact.update', description: 'Change CRM contacts.' },
    ]);

    expect(result.scopes).toEqual({
      'crm.read': 'unchanged',
      'crm.contact.update': 'unchanged',
      'tickets.read': 'deleted',
    });
    await expect(
      (await admin.api()).clientScopes.findOneByName({ name: 'tickets.read' }),
    ).resolves.toBeUndefined();
  });
});
