import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpServer, type RunningServer } from '@mcpgw/http';
import { createLogger } from '@mcpgw/logger';
import { loadTestEnv, uniqueName } from '@mcpgw/testing';
import { connectAdmin } from '../../src/admin-auth/connect-admin.js';
import { createAdminRoutes } from '../../src/admin-auth/create-admin-routes.js';
import { createApp } from '../../src/app.js';
import { configSchema } from '../../src/config.js';
import {
  ensureAudienceScope,
  ensureRealm,
  ensureServiceClient,
  readClientSecret,
  type KeycloakAdmin,
} from '../../src/provisioning/index.js';
import { captureStream } from '../embedded-idp/start-embedded-auth.js';
import { call } from './admin-harness.js';

const AUDIENCE = 'http://127.0.0.1:7003/mcp';

describe('admin endpoints with real provisioning (real Keycloak)', () => {
  const kc = loadTestEnv().keycloak;
  const realm = uniqueName('admin_ep');
  const issuer = `${kc.url}/realms/${realm}`;
  const logs = captureStream();
  let admin: KeycloakAdmin;
  let running: RunningServer;
  let registryToken: string;

  function token(clientId: string, clientSecret: string): Promise<Response> {
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

  beforeAll(async () => {
    // The realm and the registry's own service client are post-deploy setup's job; here they
    // are made directly so the test starts from a known realm.
    admin = await connectAdmin({
      url: kc.url,
      loginRealm: 'master',
      clientId: 'admin-cli',
      login: { grant: 'password', username: kc.adminUser, password: kc.adminPassword },
      realm,
    });
    await ensureRealm(admin);
    await ensureAudienceScope(admin, AUDIENCE);
    await ensureServiceClient(admin, { clientId: 'mcp-registry', description: 'x', scopes: [] });
    const registrySecret = await readClientSecret(admin, 'mcp-registry');
    const res = await token('mcp-registry', registrySecret);
    registryToken = ((await res.json()) as { access_token: string }).access_token;

    // The service as main.ts wires it: config → admin routes (lazy Keycloak login) → app.
    const config = configSchema.parse({
      AUTH_MODE: 'keycloak',
      AUTH_OIDC_ISSUER: issuer,
      AUTH_CONSOLE_CLIENT_SECRET: 'unused',
      AUTH_EXCHANGE_CLIENT_SECRET: 'unused',
      AUTH_GATEWAY_RESOURCE: AUDIENCE,
      AUTH_KEYCLOAK_ADMIN_URL: kc.url,
      AUTH_KEYCLOAK_ADMIN_USERNAME: kc.adminUser,
      AUTH_KEYCLOAK_ADMIN_PASSWORD: kc.adminPassword,
      AUTH_KEYCLOAK_REALM: realm,
    });
    const logger = createLogger({ service: 'auth', level: 'debug', stream: logs.stream });
    const { app, lifecycle } = createApp({
      config,
      logger,
      admin: createAdminRoutes({ config, logger, issuer }),
    });
    running = await startHttpServer(app, {
      port: 0,
      host: '127.0.0.1',
      logger,
      lifecycle,
      handleSignals: false,
    });
  });

  afterAll(async () => {
    await running?.close();
    // Deleting the realm deletes its clients and client scopes.
    if (admin) await (await admin.api()).realms.del({ realm });
  });

  it('when the registry syncs scopes, creates an agent, rotates its secret and disables it through the endpoints, then Keycloak follows each step', async () => {
    const agentId = uniqueName('agent').replace(/_/g, '-');

    const scopes = await call(running.url, 'PUT', '/auth/admin/scopes', {
      token: registryToken,
      body: { scopes: [{ id: 'crm.read', description: 'Read CRM.' }] },
    });
    const created = await call(running.url, 'PUT', `/auth/admin/agents/${agentId}`, {
      token: registryToken,
      body: { description: 'integration agent', grantedScopes: ['crm.read'] },
    });
    const firstSecret = String((created.body.secret as { clientSecret?: string }).clientSecret);
    const firstToken = await token(agentId, firstSecret);

    expect(scopes.status).toBe(200);
    expect(scopes.body).toMatchObject({ scopes: { 'crm.read': 'created' } });
    expect(created.status).toBe(201);
    expect(created.headers.get('cache-control')).toBe('no-store');
    expect(firstToken.status).toBe(200);

    const rotated = await call(running.url, 'POST', `/auth/admin/agents/${agentId}/rotate-secret`, {
      token: registryToken,
    });
    const newSecret = String((rotated.body.secret as { clientSecret?: string }).clientSecret);
    const withOld = await token(agentId, firstSecret);
    const withNew = await token(agentId, newSecret);

    expect(rotated.status).toBe(200);
    expect(rotated.headers.get('cache-control')).toBe('no-store');
    expect(newSecret).not.toBe(firstSecret);
    expect(withOld.status).toBe(401);
    expect(withNew.status).toBe(200);

    const disabled = await call(running.url, 'POST', `/auth/admin/agents/${agentId}/disable`, {
      token: registryToken,
    });
    const afterDisable = await token(agentId, newSecret);

    expect(disabled.status).toBe(200);
    expect(disabled.body).toEqual({ id: agentId, change: 'updated' });
    expect(afterDisable.status).toBeGreaterThanOrEqual(400);
    expect(logs.text()).not.toContain(firstSecret);
    expect(logs.text()).not.toContain(newSecret);
  });

  it('when the agent itself calls the endpoints with its own Keycloak token, then 403', async () => {
    const agentId = uniqueName('agent').replace(/_/g, '-');
    // A catalog scope gives the agent's token the gateway audience, so it passes verification.
    await call(running.url, 'PUT', '/auth/admin/scopes', {
      token: registryToken,
      body: { scopes: [{ id: 'crm.read', description: 'Read CRM.' }] },
    });
    const created = await call(running.url, 'PUT', `/auth/admin/agents/${agentId}`, {
      token: registryToken,
      body: { grantedScopes: ['crm.read'] },
    });
    const secret = String((created.body.secret as { clientSecret?: string }).clientSecret);
    const agentToken = ((await (await token(agentId, secret)).json()) as { access_token: string })
      .access_token;

    const res = await call(running.url, 'POST', `/auth/admin/agents/${agentId}/rotate-secret`, {
      token: agentToken,
    });

    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ error: { code: 'FORBIDDEN' } });
  });
});
