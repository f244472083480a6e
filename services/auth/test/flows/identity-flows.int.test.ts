import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTokenVerifier } from '@mcpgw/identity';
import { uniqueName } from '@mcpgw/testing';
import { call } from '../admin/admin-harness.js';
import { createBrowser } from '../console/browser.js';
import { endProviderSession, sessionAccessToken, signIn, whoAmI } from './console-browser.js';
import { startEmbeddedTarget } from './embedded-target.js';
import {
  accessToken,
  BACKEND_AUDIENCE,
  clientCredentials,
  GATEWAY_AUDIENCE,
  type ClientCredentials,
  type IdentityTarget,
} from './identity-target.js';
import { startKeycloakTarget } from './keycloak-target.js';

/** The registry's scope catalog in these flows. */
const CATALOG = [
  { id: 'crm.read', description: 'Read CRM accounts and contacts.' },
  { id: 'crm.contact.update', description: 'Change CRM contacts.' },
  { id: 'tickets.read', description: 'Read support tickets.' },
];

// Keycloak 26 answers a wrong secret with unauthorized_client and a disabled client with
// invalid_client; the embedded provider (oidc-provider) answers invalid_client to both. Either
// way it is 401 and no token, which is what the registry, gateway and agents rely on.
const REFUSED_CLIENT = /^(invalid_client|unauthorized_client)$/;

const PROVIDERS = [
  { name: 'embedded', start: startEmbeddedTarget },
  { name: 'keycloak', start: startKeycloakTarget },
] as const;

describe.each(PROVIDERS)('identity flows against the $name provider', ({ start }) => {
  let target: IdentityTarget;
  let registryToken: string;

  const admin = (method: string, path: string, body?: unknown) =>
    call(target.authUrl, method, `/auth/admin${path}`, {
      token: registryToken,
      ...(body === undefined ? {} : { body }),
    });
  const gatewayVerifier = () =>
    createTokenVerifier({ issuers: [{ issuer: target.issuer, audiences: [GATEWAY_AUDIENCE] }] });

  /** The registry creates an agent through the admin endpoint; its first secret comes back once. */
  async function createAgent(grantedScopes: string[]): Promise<ClientCredentials> {
    const clientId = uniqueName('agent').replace(/_/g, '-');
    const res = await admin('PUT', `/agents/${clientId}`, {
      description: 'flow agent',
      grantedScopes,
    });
    expect(res.status).toBe(201);
    const secret = (res.body.secret as { clientSecret?: unknown } | undefined)?.clientSecret;
    expect(secret).toEqual(expect.any(String));
    return { clientId, secret: String(secret) };
  }

  beforeAll(async () => {
    target = await start();
    registryToken = await accessToken(target, target.registry);
    const synced = await admin('PUT', '/scopes', { scopes: CATALOG });
    expect(synced.status).toBe(200);
  });

  afterAll(async () => {
    await target?.close();
  });

  describe('agents provisioned through the admin endpoints', () => {
    it('when the registry creates an agent with granted scopes, then its client-credentials token is accepted for the gateway audience with exactly those scopes', async () => {
      const agent = await createAgent(['crm.read']);

      const principal = await gatewayVerifier().verify(await accessToken(target, agent));

      expect(principal.clientId).toBe(agent.clientId);
      expect(principal.scopes).toContain('crm.read');
      expect(principal.scopes).not.toContain('crm.contact.update');
      expect([principal.claims.aud].flat()).toContain(GATEWAY_AUDIENCE);
      expect(principal.claims.preferred_username).toBe(`service-account-${agent.clientId}`);
    });

    it("when a verifier expects another audience, then it refuses the agent's token", async () => {
      const agent = await createAgent(['crm.read']);
      const other = createTokenVerifier({
        issuers: [{ issuer: target.issuer, audiences: ['http://127.0.0.1:7001/registry'] }],
      });

      const rejection = other.verify(await accessToken(target, agent));

      await expect(rejection).rejects.toMatchObject({
        code: 'TOKEN_INVALID',
        details: { reason: 'audience' },
      });
    });

    it('when the registry changes the granted scopes, then the answer is updated and the next token carries the new scopes only', async () => {
      const agent = await createAgent(['crm.read']);
      const spec = { description: 'flow agent' };

      const again = await admin('PUT', `/agents/${agent.clientId}`, {
        ...spec,
        grantedScopes: ['crm.read'],
      });
      const regrant = await admin('PUT', `/agents/${agent.clientId}`, {
        ...spec,
        grantedScopes: ['crm.contact.update'],
      });
      const principal = await gatewayVerifier().verify(await accessToken(target, agent));

      expect(again.body).toEqual({ id: agent.clientId, change: 'unchanged' });
      expect(regrant.body).toEqual({ id: agent.clientId, change: 'updated' });
      expect(principal.scopes).toContain('crm.contact.update');
      expect(principal.scopes).not.toContain('crm.read');
    });

    it('when an agent asks for a scope it was not granted, then the token endpoint answers 400 invalid_scope', async () => {
      const agent = await createAgent(['crm.read']);

      const res = await clientCredentials(target, agent, { scope: 'crm.read tickets.read' });

      expect(res.status).toBe(400);
      expect(res.body.error).toBe('invalid_scope');
    });

    it('when the registry grants a scope outside the catalog, then 400 names it and no agent exists afterwards', async () => {
      const agentId = uniqueName('agent').replace(/_/g, '-');

      const res = await admin('PUT', `/agents/${agentId}`, {
        description: 'x',
        grantedScopes: ['crm.read', 'nope.scope'],
      });
      const rotate = await admin('POST', `/agents/${agentId}/rotate-secret`);

      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({
        error: { code: 'VALIDATION_FAILED', details: { unknownScopes: ['nope.scope'] } },
      });
      expect(rotate.status).toBe(404);
    });

    it("when the agent's secret is rotated, then the old secret is refused at the token endpoint with 401 and the new one works", async () => {
      const agent = await createAgent(['crm.read']);
      await accessToken(target, agent);

      const rotated = await admin('POST', `/agents/${agent.clientId}/rotate-secret`);
      const newSecret = String((rotated.body.secret as { clientSecret?: unknown }).clientSecret);
      const withOld = await clientCredentials(target, agent);
      const withNew = await clientCredentials(target, { ...agent, secret: newSecret });

      expect(rotated.status).toBe(200);
      expect(rotated.headers.get('cache-control')).toBe('no-store');
      expect(rotated.body).toMatchObject({ id: agent.clientId, change: 'updated' });
      expect(newSecret).toMatch(/\S{16,}/);
      expect(newSecret).not.toBe(agent.secret);
      expect(withOld.status).toBe(401);
      expect(withOld.body.error).toMatch(REFUSED_CLIENT);
      expect(withOld.body.access_token).toBeUndefined();
      expect(withNew.status).toBe(200);
      expect(target.logs()).not.toContain(agent.secret);
      expect(target.logs()).not.toContain(newSecret);
    });

    it('when the agent is disabled, then new tokens are refused at once, disabling again is unchanged and a later update does not re-enable it', async () => {
      const agent = await createAgent(['crm.read']);
      await accessToken(target, agent);

      const disabled = await admin('POST', `/agents/${agent.clientId}/disable`);
      const refused = await clientCredentials(target, agent);
      const again = await admin('POST', `/agents/${agent.clientId}/disable`);
      const updated = await admin('PUT', `/agents/${agent.clientId}`, {
        description: 'changed after revocation',
        grantedScopes: ['crm.read'],
      });
      const stillRefused = await clientCredentials(target, agent);

      expect(disabled.body).toEqual({ id: agent.clientId, change: 'updated' });
      expect(refused.status).toBe(401);
      expect(refused.body.error).toMatch(REFUSED_CLIENT);
      expect(refused.body.access_token).toBeUndefined();
      expect(again.body).toEqual({ id: agent.clientId, change: 'unchanged' });
      expect(updated.status).toBe(200);
      expect(stillRefused.status).toBe(401);
    });

    it('when the catalog drops a scope an agent holds, then the scope is reported deleted and the agent’s next token lacks it', async () => {
      const temporary = { id: 'flows.temporary', description: 'Exists for one test.' };
      await admin('PUT', '/scopes', { scopes: [...CATALOG, temporary] });
      const agent = await createAgent(['crm.read', temporary.id]);
      const before = await gatewayVerifier().verify(await accessToken(target, agent));

      const synced = await admin('PUT', '/scopes', { scopes: CATALOG });
      const after = await gatewayVerifier().verify(await accessToken(target, agent));

      expect(before.scopes).toContain(temporary.id);
      expect(synced.body).toMatchObject({
        change: 'updated',
        scopes: { 'crm.read': 'unchanged', [temporary.id]: 'deleted' },
      });
      expect(after.scopes).toContain('crm.read');
      expect(after.scopes).not.toContain(temporary.id);
    });

    it('when an agent calls the admin endpoints with its own token, then 403', async () => {
      const agent = await createAgent(['crm.read']);
      const agentToken = await accessToken(target, agent);

      const res = await call(
        target.authUrl,
        'POST',
        `/auth/admin/agents/${agent.clientId}/rotate-secret`,
        { token: agentToken },
      );

      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ error: { code: 'FORBIDDEN' } });
    });
  });

  describe('console login, logout and token exchange', () => {
    it("when a user signs in on the provider's login form, then a console session with roles and scopes from groups is created", async () => {
      const browser = createBrowser();

      const callback = await signIn(target, browser, '/approvals');
      const session = await whoAmI(target, browser);

      expect(callback.status).toBe(303);
      expect(callback.headers.get('location')).toBe('/approvals');
      expect(session.status).toBe(200);
      expect(session.body).toMatchObject({
        subject: target.user.subject,
        username: target.user.username,
        roles: ['server-owner:crm'],
        scopes: ['crm.read'],
      });
    });

    it('when the user logs out, then the console session ends, the provider session ends and the browser returns to the console', async () => {
      const browser = createBrowser();
      await signIn(target, browser);
      const { body } = await whoAmI(target, browser);

      const res = await browser.fetch(`${target.authUrl}/auth/logout`, {
        method: 'POST',
        headers: { origin: target.authUrl, 'x-csrf-token': String(body.csrfToken) },
      });
      const { endSessionUrl } = (await res.json()) as { endSessionUrl: string };
      const returnedTo = await endProviderSession(target, browser, endSessionUrl);
      const loginAgain = await browser.follow(`${target.authUrl}/auth/login`, (u) =>
        u.startsWith(`${target.authUrl}/auth/callback`),
      );

      expect(res.status).toBe(200);
      expect(returnedTo).toBe(`${target.authUrl}/`);
      expect((await whoAmI(target, browser)).status).toBe(401);
      // No provider session is left: logging in again shows the sign-in form instead of
      // returning to the console at once.
      expect(loginAgain.url.startsWith(target.issuer)).toBe(true);
    });

    it("when the gateway exchanges the user's token for the backend, then the new token has the backend audience and the user's subject", async () => {
      const browser = createBrowser();
      await signIn(target, browser);
      const subjectToken = await sessionAccessToken(target, browser);

      const res = await fetch(`${target.authUrl}/auth/token-exchange`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${await accessToken(target, target.gateway)}`,
        },
        body: JSON.stringify({ subjectToken, audience: BACKEND_AUDIENCE }),
      });
      const body = (await res.json()) as Record<string, unknown>;
      const backend = createTokenVerifier({
        issuers: [{ issuer: target.issuer, audiences: [BACKEND_AUDIENCE] }],
      });
      const principal = await backend.verify(String(body.access_token));

      expect(res.status).toBe(200);
      expect(principal.subject).toBe(target.user.subject);
      expect(principal.claims.preferred_username).toBe(target.user.username);
      expect([decodeJwt(String(body.access_token)).aud].flat()).toContain(BACKEND_AUDIENCE);
    });

    it('when the gateway asks for an audience it may not reach, then the exchange is refused with 403', async () => {
      const browser = createBrowser();
      await signIn(target, browser);
      const subjectToken = await sessionAccessToken(target, browser);

      const res = await fetch(`${target.authUrl}/auth/token-exchange`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${await accessToken(target, target.gateway)}`,
        },
        body: JSON.stringify({ subjectToken, audience: 'mcp-console' }),
      });

      expect(res.status).toBe(403);
    });
  });
});
