import { afterEach, describe, expect, it } from 'vitest';
import { appError } from '@mcpgw/errors';
import {
  SECRET,
  call,
  fakeProvisioning,
  startAdminAuth,
  tokens,
  type AdminAuth,
} from './admin-harness.js';

let auth: AdminAuth | undefined;
afterEach(async () => {
  await auth?.close();
  auth = undefined;
});

async function start(provisioning = fakeProvisioning()) {
  auth = await startAdminAuth({ provisioning: provisioning.provisioning });
  return { auth, ...provisioning, as: tokens(auth.issuer) };
}

describe('provisioningRouter: happy paths', () => {
  it('when the registry creates an agent, then 201 with the secret once, no-store, and the call carries the body', async () => {
    const { auth, calls, as } = await start();

    const res = await call(auth.url, 'PUT', '/auth/admin/agents/crm-agent', {
      token: await as.registry(),
      body: { description: 'CRM agent', grantedScopes: ['crm.read', 'crm.contact.update'] },
    });

    expect(res.status).toBe(201);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.body).toEqual({
      id: 'crm-agent',
      change: 'created',
      secret: { clientSecret: SECRET },
    });
    expect(calls).toEqual([
      {
        method: 'ensureAgent',
        args: [
          {
            id: 'crm-agent',
            description: 'CRM agent',
            grantedScopes: ['crm.read', 'crm.contact.update'],
          },
        ],
      },
    ]);
  });

  it('when an existing agent is ensured, then 200 with the change and no secret', async () => {
    const { auth, as } = await start(
      fakeProvisioning({ ensureAgent: async () => ({ change: 'unchanged' }) }),
    );

    const res = await call(auth.url, 'PUT', '/auth/admin/agents/crm-agent', {
      token: await as.registry(),
      body: { grantedScopes: [] },
    });

    expect(res.status).toBe(200);
    expect(res.body).toEqual({ id: 'crm-agent', change: 'unchanged' });
  });

  it('when a secret is rotated, then it is returned once with no-store and never logged, while an audit line names caller and agent', async () => {
    const { auth, calls, as } = await start();

    const res = await call(auth.url, 'POST', '/auth/admin/agents/crm-agent/rotate-secret', {
      token: await as.registry(),
    });

    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.body).toEqual({
      id: 'crm-agent',
      change: 'updated',
      secret: { clientSecret: SECRET },
    });
    expect(calls).toEqual([{ method: 'rotateAgentSecret', args: ['crm-agent'] }]);
    const logs = auth.logs();
    expect(logs).not.toContain(SECRET);
    expect(logs).toMatch(/"action":"rotate-secret"[^\n]*"agentId":"crm-agent"/);
    expect(logs).toMatch(/"clientId":"mcp-registry"/);
  });

  it('when an agent is created, then the secret is in no log line either', async () => {
    const { auth, as } = await start();

    await call(auth.url, 'PUT', '/auth/admin/agents/crm-agent', {
      token: await as.registry(),
      body: { grantedScopes: ['crm.read'] },
    });

    expect(auth.logs()).toContain('"action":"ensure-agent"');
    expect(auth.logs()).not.toContain(SECRET);
  });

  it('when an agent is disabled, then 200 with the change', async () => {
    const { auth, calls, as } = await start();

    const res = await call(auth.url, 'POST', '/auth/admin/agents/crm-agent/disable', {
      token: await as.registry(),
    });

    expect(res.status).toBe(200);
    expect(res.body).toEqual({ id: 'crm-agent', change: 'updated' });
    expect(calls).toEqual([{ method: 'disableAgent', args: ['crm-agent'] }]);
  });

  it('when the scope catalog is synced, then 200 with the per-scope changes', async () => {
    const { auth, calls, as } = await start();

    const res = await call(auth.url, 'PUT', '/auth/admin/scopes', {
      token: await as.registry(),
      body: { scopes: [{ id: 'crm.read', description: 'Read CRM.' }] },
    });

    expect(res.status).toBe(200);
    expect(res.body).toEqual({ change: 'created', scopes: { 'crm.read': 'created' } });
    expect(calls).toEqual([
      { method: 'syncScopes', args: [[{ id: 'crm.read', description: 'Read CRM.' }]] },
    ]);
  });

  it('when provisioning reports an unknown agent or unknown catalog scopes, then 404 / 400 with its details', async () => {
    const { auth, as } = await start(
      fakeProvisioning({
        disableAgent: async () => {
          throw appError('NOT_FOUND', 'The agent ghost-agent does not exist.');
        },
        ensureAgent: async () => {
          throw appError('VALIDATION_FAILED', 'Unknown scopes: nope.scope.', {
            details: { unknownScopes: ['nope.scope'] },
          });
        },
      }),
    );
    const token = await as.registry();

    const missing = await call(auth.url, 'POST', '/auth/admin/agents/ghost-agent/disable', {
      token,
    });
    const unknown = await call(auth.url, 'PUT', '/auth/admin/agents/crm-agent', {
      token,
      body: { grantedScopes: ['nope.scope'] },
    });

    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ error: { code: 'NOT_FOUND' } });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({
      error: { code: 'VALIDATION_FAILED', details: { unknownScopes: ['nope.scope'] } },
    });
  });
});

describe('provisioningRouter: who may call', () => {
  it('when a platform admin user calls, then it is allowed', async () => {
    const { auth, calls, as } = await start();

    const res = await call(auth.url, 'POST', '/auth/admin/agents/crm-agent/disable', {
      token: await as.platformAdmin(),
    });

    expect(res.status).toBe(200);
    expect(calls).toHaveLength(1);
    expect(auth.logs()).toMatch(/"caller":\{"kind":"user"[^}]*"username":"alice"/);
  });

  it.each([
    ['another agent', 'agent', 'This client may not'],
    ['an agent whose service account sits in platform-admins', 'agentInAdminGroup', 'This client'],
    ['an auditor', 'auditor', 'Only platform admins'],
    ['a user in a nested group named platform-admins', 'nestedAdminGroup', 'Only platform admins'],
  ] as const)('when %s calls, then 403 and nothing is called', async (_who, key, message) => {
    const { auth, calls, as } = await start();

    const res = await call(auth.url, 'POST', '/auth/admin/agents/crm-agent/rotate-secret', {
      token: await as[key](),
    });

    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ error: { code: 'FORBIDDEN' } });
    expect(String((res.body.error as { message: string }).message)).toContain(message);
    expect(calls).toEqual([]);
  });

  it('when there is no token, then 401 with a Bearer challenge and nothing is called', async () => {
    const { auth, calls } = await start();

    const res = await call(auth.url, 'PUT', '/auth/admin/scopes', { body: { scopes: [] } });

    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer /);
    expect(res.body).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
    expect(calls).toEqual([]);
  });

  it('when a valid registry token is sent in the query string or a cookie, then 401', async () => {
    const { auth, calls, as } = await start();
    const token = await as.registry();

    const query = await call(
      auth.url,
      'POST',
      `/auth/admin/agents/crm-agent/disable?access_token=${token}`,
    );
    const cookie = await call(auth.url, 'POST', '/auth/admin/agents/crm-agent/disable', {
      headers: { cookie: `access_token=${token}; mcpgw_session=${token}` },
    });

    expect(query.status).toBe(401);
    expect(query.headers.get('www-authenticate')).toMatch(/^Bearer /);
    expect(cookie.status).toBe(401);
    expect(calls).toEqual([]);
  });

  it.each([
    ['expired', { azp: 'mcp-registry' }, { expiresInSec: -600 }],
    ['for another audience', { azp: 'mcp-registry' }, { audience: 'http://127.0.0.1:9/other' }],
    ['from another issuer', { azp: 'mcp-registry' }, { issuer: 'http://127.0.0.1:9/realms/x' }],
    ['signed by an unknown key', { azp: 'mcp-registry' }, { signWith: 'unknown' as const }],
  ])('when the registry token is %s, then 401 invalid_token', async (_what, claims, options) => {
    const { auth, calls } = await start();
    const token = await auth.issuer.mint(
      { ...claims, preferred_username: 'service-account-mcp-registry' },
      options,
    );

    const res = await call(auth.url, 'POST', '/auth/admin/agents/crm-agent/disable', { token });

    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toContain('error="invalid_token"');
    expect(calls).toEqual([]);
  });

  it('when the token is unsigned (alg none) or HS256 keyed with the public key, then 401', async () => {
    const { auth, calls } = await start();
    const claims = { azp: 'mcp-registry', preferred_username: 'service-account-mcp-registry' };

    const none = await call(auth.url, 'PUT', '/auth/admin/scopes', {
      token: auth.issuer.mintUnsigned(claims).replace(/\.$/, ''),
      body: { scopes: [] },
    });
    const hs = await call(auth.url, 'PUT', '/auth/admin/scopes', {
      token: await auth.issuer.mintHs256WithPublicKey(claims),
      body: { scopes: [] },
    });

    expect(none.status).toBe(401);
    expect(hs.status).toBe(401);
    expect(calls).toEqual([]);
  });
});

describe('provisioningRouter: bad input', () => {
  const badAgentIds = [
    '..%2Fx',
    '%2Fetc%2Fpasswd',
    'crm.agent',
    'CRM-Agent',
    'a',
    'x'.repeat(64),
    'crm%20agent',
    '-crm',
  ];

  it.each(badAgentIds)(
    'when the agent id is %s, then every agent route answers 400 and nothing is called',
    async (id) => {
      const { auth, calls, as } = await start();
      const token = await as.registry();

      const put = await call(auth.url, 'PUT', `/auth/admin/agents/${id}`, {
        token,
        body: { grantedScopes: [] },
      });
      const rotate = await call(auth.url, 'POST', `/auth/admin/agents/${id}/rotate-secret`, {
        token,
      });
      const disable = await call(auth.url, 'POST', `/auth/admin/agents/${id}/disable`, { token });

      for (const res of [put, rotate, disable]) {
        expect(res.status).toBe(400);
        expect(res.body).toMatchObject({
          error: { code: 'VALIDATION_FAILED', details: { issues: [{ path: 'params.id' }] } },
        });
      }
      expect(calls).toEqual([]);
    },
  );

  it.each([
    ['an unknown key', { grantedScopes: [], secret: 'x' }],
    ['no grantedScopes', { description: 'x' }],
    ['more than 200 scopes', { grantedScopes: Array.from({ length: 201 }, (_, i) => `s${i}`) }],
    ['a malformed scope name', { grantedScopes: ['CRM READ'] }],
    ['a path as scope name', { grantedScopes: ['../admin'] }],
    ['a scope name that is not a string', { grantedScopes: [42] }],
    ['an oversized description', { grantedScopes: [], description: 'd'.repeat(501) }],
    ['an array body', [{ grantedScopes: [] }]],
  ])('when PUT agent has %s, then 400 and nothing is called', async (_what, body) => {
    const { auth, calls, as } = await start();

    const res = await call(auth.url, 'PUT', '/auth/admin/agents/crm-agent', {
      token: await as.registry(),
      body,
    });

    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    expect(calls).toEqual([]);
  });

  it('when PUT agent has malformed JSON or no JSON body, then 400 and nothing is called', async () => {
    const { auth, calls, as } = await start();
    const token = await as.registry();

    const malformed = await call(auth.url, 'PUT', '/auth/admin/agents/crm-agent', {
      token,
      body: '{"grantedScopes": [',
    });
    const empty = await call(auth.url, 'PUT', '/auth/admin/agents/crm-agent', { token });

    expect(malformed.status).toBe(400);
    expect(empty.status).toBe(400);
    expect(calls).toEqual([]);
  });

  it.each(['rotate-secret', 'disable'])(
    'when POST %s carries a body with keys, then 400 and nothing is called',
    async (action) => {
      const { auth, calls, as } = await start();

      const res = await call(auth.url, 'POST', `/auth/admin/agents/crm-agent/${action}`, {
        token: await as.registry(),
        body: { enabled: true },
      });

      expect(res.status).toBe(400);
      expect(calls).toEqual([]);
    },
  );

  it.each([
    ['an unknown top-level key', { scopes: [], prune: false }],
    ['an unknown scope key', { scopes: [{ id: 'crm.read', audience: 'x' }] }],
    [
      'more than 1000 scopes',
      { scopes: Array.from({ length: 1001 }, (_, i) => ({ id: `s${i}` })) },
    ],
    ['a malformed scope name', { scopes: [{ id: 'crm..read' }] }],
    ['an uppercase scope name', { scopes: [{ id: 'CRM.read' }] }],
    ['a scope listed twice', { scopes: [{ id: 'crm.read' }, { id: 'crm.read' }] }],
    ['no scopes key', {}],
  ])('when PUT scopes has %s, then 400 and nothing is called', async (_what, body) => {
    const { auth, calls, as } = await start();

    const res = await call(auth.url, 'PUT', '/auth/admin/scopes', {
      token: await as.registry(),
      body,
    });

    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    expect(calls).toEqual([]);
  });
});

describe('provisioningRouter: not configured', () => {
  const keycloakEnv = (issuer: string): Record<string, string> => ({
    AUTH_MODE: 'keycloak',
    AUTH_OIDC_ISSUER: issuer,
    AUTH_CONSOLE_CLIENT_SECRET: 'console-secret',
    AUTH_EXCHANGE_CLIENT_SECRET: 'exchange-secret',
  });

  it("when the service runs in embedded mode, then the admin routes use the embedded provider's provisioning and connect to nothing", async () => {
    const embedded = fakeProvisioning();
    auth = await startAdminAuth({ embedded: embedded.provisioning });

    const res = await call(auth.url, 'POST', '/auth/admin/agents/crm-agent/disable', {
      token: await tokens(auth.issuer).registry(),
    });

    expect(res.status).toBe(200);
    expect(res.body).toEqual({ id: 'crm-agent', change: 'updated' });
    expect(embedded.calls).toEqual([{ method: 'disableAgent', args: ['crm-agent'] }]);
    expect(auth.logs()).not.toContain('keycloak admin');
  });

  it('when embedded mode runs without its provider, then an authorized caller gets 503 NOT_READY saying so', async () => {
    auth = await startAdminAuth();

    const res = await call(auth.url, 'PUT', '/auth/admin/agents/crm-agent', {
      token: await tokens(auth.issuer).registry(),
      body: { grantedScopes: [] },
    });

    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({
      error: { code: 'NOT_READY', message: expect.stringContaining('embedded OpenID provider') },
    });
  });

  it('when keycloak mode has no admin settings, then 503 naming the missing settings; without a token still 401', async () => {
    // The harness trusts its own local issuer; the configured one only has to be valid.
    auth = await startAdminAuth({ env: keycloakEnv('http://127.0.0.1:9/realms/mcpgw') });

    const authorized = await call(auth.url, 'POST', '/auth/admin/agents/crm-agent/disable', {
      token: await tokens(auth.issuer).platformAdmin(),
    });
    const anonymous = await call(auth.url, 'POST', '/auth/admin/agents/crm-agent/disable');

    expect(authorized.status).toBe(503);
    expect(String((authorized.body.error as { message: string }).message)).toContain(
      'AUTH_KEYCLOAK_ADMIN_URL',
    );
    expect(anonymous.status).toBe(401);
  });
});
