import { randomBytes } from 'node:crypto';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpServer, type RunningServer } from '@mcpgw/http';
import { createTokenVerifier } from '@mcpgw/identity';
import { createLogger } from '@mcpgw/logger';
import { getFreePort, loadTestEnv, uniqueName, type TestEnv } from '@mcpgw/testing';
import { createApp } from '../../src/app.js';
import { configSchema } from '../../src/config.js';
import { createIdentityEdge } from '../../src/console/create-identity-edge.js';
import { createMemorySessionStore } from '../../src/sessions/memory-session-store.js';
import type { ConsoleSession } from '../../src/sessions/session-store.js';
import { storeKey } from '../../src/sessions/session-ids.js';
import { createKeycloakTokenExchange } from '../../src/token-exchange/keycloak-token-exchange.js';
import { captureStream } from '../embedded-idp/start-embedded-auth.js';
import { createBrowser, parseForm, postForm, type Browser } from './browser.js';
import { audienceMapper, groupsMapper, keycloakAdmin } from './keycloak-admin.js';

const SERVICE_AUDIENCE = 'http://127.0.0.1/mcpgw-auth';

describe('console login and token exchange (real Keycloak)', () => {
  let kc: TestEnv['keycloak'];
  let admin: ReturnType<typeof keycloakAdmin>;
  const realm = uniqueName('console');
  const password = randomBytes(18).toString('base64url');
  const consoleSecret = randomBytes(24).toString('base64url');
  const gatewaySecret = randomBytes(24).toString('base64url');
  let issuer: string;
  let url: string;
  let server: RunningServer;
  const store = createMemorySessionStore();
  let userId: string;
  let logs: () => string = () => '';

  beforeAll(async () => {
    kc = loadTestEnv().keycloak;
    admin = keycloakAdmin(kc);
    issuer = `${kc.url}/realms/${realm}`;
    const port = await getFreePort();
    url = `http://127.0.0.1:${port}`;
    await admin.call('POST', '', { realm, enabled: true });
    await admin.create(`/${realm}/clients`, {
      clientId: 'mcp-console',
      secret: consoleSecret,
      publicClient: false,
      standardFlowEnabled: true,
      directAccessGrantsEnabled: false,
      redirectUris: [`${url}/auth/callback`],
      attributes: {
        'post.logout.redirect.uris': `${url}/`,
        'pkce.code.challenge.method': 'S256',
      },
      protocolMappers: [
        groupsMapper,
        audienceMapper('gateway-audience', { 'included.client.audience': 'mcp-gateway' }),
      ],
    });
    await admin.create(`/${realm}/clients`, {
      clientId: 'mcp-gateway',
      secret: gatewaySecret,
      publicClient: false,
      serviceAccountsEnabled: true,
      standardFlowEnabled: false,
      attributes: { 'standard.token.exchange.enabled': 'true' },
      protocolMappers: [
        audienceMapper('backend-audience', { 'included.client.audience': 'crm-backend' }),
        audienceMapper('auth-service-audience', { 'included.custom.audience': SERVICE_AUDIENCE }),
      ],
    });
    await admin.create(`/${realm}/clients`, {
      clientId: 'crm-backend',
      publicClient: false,
      standardFlowEnabled: false,
      serviceAccountsEnabled: false,
    });
    const groupId = await admin.create(`/${realm}/groups`, { name: 'team-crm' });
    const approvers = await admin.create(`/${realm}/groups`, { name: 'approvers' });
    userId = await admin.create(`/${realm}/users`, {
      username: 'carol',
      email: 'carol@example.test',
      firstName: 'Carol',
      lastName: 'CRM',
      enabled: true,
      emailVerified: true,
      credentials: [{ type: 'password', value: password, temporary: false }],
    });
    await admin.call('PUT', `/${realm}/users/${userId}/groups/${groupId}`);
    await admin.call('PUT', `/${realm}/users/${userId}/groups/${approvers}`);

    const config = configSchema.parse({
      AUTH_MODE: 'keycloak',
      AUTH_PUBLIC_URL: url,
      AUTH_OIDC_ISSUER: issuer,
      AUTH_CONSOLE_CLIENT_SECRET: consoleSecret,
      AUTH_EXCHANGE_CLIENT_SECRET: gatewaySecret,
      AUTH_SERVICE_TOKEN_AUDIENCE: SERVICE_AUDIENCE,
      AUTH_GROUP_SCOPES: JSON.stringify({ 'team-crm': ['crm.read'] }),
    });
    const capture = captureStream();
    logs = capture.text;
    const logger = createLogger({ service: 'auth', level: 'debug', stream: capture.stream });
    const edge = createIdentityEdge({ config, logger, store });
    const { app, lifecycle } = createApp({
      config,
      logger,
      console: edge.console,
      tokenExchange: edge.tokenExchange,
    });
    server = await startHttpServer(app, {
      port,
      host: '127.0.0.1',
      logger,
      lifecycle,
      handleSignals: false,
    });
  });

  afterAll(async () => {
    if (process.env.DEBUG_AUTH_LOGS) process.stderr.write(logs());
    await server?.close();
    if (admin) await admin.call('DELETE', `/${realm}`);
  });

  const toCallback = (u: string) => u.startsWith(`${url}/auth/callback`);

  /** Through Keycloak's own login page: GET the form, parse its action, post the credentials. */
  async function login(browser: Browser, returnTo = '/approvals'): Promise<Response> {
    const start = `${url}/auth/login?returnTo=${encodeURIComponent(returnTo)}`;
    const page = await browser.follow(start);
    expect(page.url.startsWith(`${issuer}/protocol/openid-connect/auth`)).toBe(true);
    const form = parseForm(await page.res.text(), page.url);
    const posted = await postForm(browser, form.action, {
      ...form.hidden,
      username: 'carol',
      password,
      credentialId: '',
    });
    const location = posted.headers.get('location');
    if (location === null) throw new Error(`Keycloak login failed: ${posted.status}`);
    // Keycloak redirects straight to the console callback.
    if (!toCallback(location))
      throw new Error(`Keycloak did not return to the console: ${location}`);
    return browser.fetch(location);
  }

  async function whoAmI(browser: Browser) {
    const res = await browser.fetch(`${url}/auth/session`);
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }

  it('when a user signs in on the Keycloak login form, then a session with roles from groups is created', async () => {
    const browser = createBrowser();

    const callback = await login(browser);
    const session = await whoAmI(browser);

    expect(callback.status).toBe(303);
    expect(callback.headers.get('location')).toBe('/approvals');
    expect(session.status).toBe(200);
    expect(session.body).toMatchObject({
      subject: userId,
      username: 'carol',
      name: 'Carol CRM',
      roles: ['approver', 'server-owner:crm'],
      scopes: ['crm.read'],
    });
  });

  it('when the user logs out, then the session ends and Keycloak ends its SSO session and returns to the console', async () => {
    const browser = createBrowser();
    await login(browser);
    const { body } = await whoAmI(browser);

    const res = await browser.fetch(`${url}/auth/logout`, {
      method: 'POST',
      headers: { origin: url, 'x-csrf-token': String(body.csrfToken) },
    });
    const { endSessionUrl } = (await res.json()) as { endSessionUrl: string };
    const back = await browser.follow(endSessionUrl, (u) => u === `${url}/`);
    const again = await browser.follow(`${url}/auth/login`, toCallback);

    expect(res.status).toBe(200);
    expect(back.url).toBe(`${url}/`);
    expect((await whoAmI(browser)).status).toBe(401);
    // No SSO session left at Keycloak: a new login shows the form instead of returning at once.
    expect(again.url.startsWith(`${issuer}/protocol/openid-connect/auth`)).toBe(true);
  });

  it('when logout comes without the CSRF token, then 403 and the session stays', async () => {
    const browser = createBrowser();
    await login(browser);

    const res = await browser.fetch(`${url}/auth/logout`, {
      method: 'POST',
      headers: { origin: url },
    });

    expect(res.status).toBe(403);
    expect((await whoAmI(browser)).status).toBe(200);
  });

  it("when the gateway exchanges the user's token, then Keycloak returns a token for the backend audience with the user's subject", async () => {
    const browser = createBrowser();
    await login(browser);
    const key = storeKey(browser.cookie(url, 'mcpgw_session') ?? '');
    const session = (await store.get(key, Date.now())) as ConsoleSession;
    const tokenRes = await fetch(`${issuer}/protocol/openid-connect/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: 'mcp-gateway',
        client_secret: gatewaySecret,
      }),
    });
    const serviceToken = ((await tokenRes.json()) as { access_token: string }).access_token;

    const res = await fetch(`${url}/auth/token-exchange`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${serviceToken}` },
      body: JSON.stringify({ subjectToken: session.accessToken, audience: 'crm-backend' }),
    });
    const body = (await res.json()) as Record<string, unknown>;
    const verifier = createTokenVerifier({ issuers: [{ issuer, audiences: ['crm-backend'] }] });
    const principal = await verifier.verify(String(body.access_token));

    expect(res.status).toBe(200);
    expect(principal.subject).toBe(userId);
    expect([decodeJwt(String(body.access_token)).aud].flat()).toContain('crm-backend');
    expect(principal.claims.preferred_username).toBe('carol');
  });

  it('when the in-process port exchanges for an audience the client may not reach, then it rejects with FORBIDDEN', async () => {
    const browser = createBrowser();
    await login(browser);
    const key = storeKey(browser.cookie(url, 'mcpgw_session') ?? '');
    const session = (await store.get(key, Date.now())) as ConsoleSession;
    const port = createKeycloakTokenExchange({
      issuer,
      clientId: 'mcp-gateway',
      clientSecret: gatewaySecret,
      allowHttp: true,
    });

    const refused = port.exchange({ subjectToken: session.accessToken, audience: 'mcp-console' });

    await expect(refused).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
