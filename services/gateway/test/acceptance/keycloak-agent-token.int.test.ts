import { Writable } from 'node:stream';
import { startHttpServer, type RunningServer } from '@mcpgw/http';
import { createCachingVerifier, createTokenVerifier } from '@mcpgw/identity';
import { createLogger } from '@mcpgw/logger';
import { startFixtureServer, type FixtureServer } from '@mcpgw/mcp';
import { createGuardedDispatcher } from '@mcpgw/net-guard';
import { getFreePort, loadTestEnv, uniqueName } from '@mcpgw/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// Keycloak provisioning, as the auth service and post-deploy setup use it.
import {
  connectKeycloakAdmin,
  ensureAgent,
  ensureClientScope,
  ensureRealm,
  type KeycloakAdmin,
} from '../../../auth/src/provisioning/index.js';
// The gateway, composed as the MCP endpoint harness composes it, but trusting the real Keycloak.
import { createApp, type GatewayApp } from '../../src/app.js';
import { configSchema } from '../../src/config.js';
import { createEnvFileSecretSource } from '../../src/data-access/secrets/env-file-secret-source.js';
import { createUpstreamPool } from '../../src/data-access/upstream/upstream-pool.js';
import { compileServingState } from '../../src/domain/serving/compile-serving-state.js';
import { buildSnapshot, modernPost, SECRET_VALUE } from '../mcp/support.js';
import { REQUIRED_ENV } from '../support/required-env.js';

const silent = new Writable({ write: (_c, _e, cb) => cb() });

interface IssuedToken {
  readonly token: string;
  readonly claims: { aud?: string | string[]; scope?: string; azp?: string };
}

function audiences(claims: IssuedToken['claims']): string[] {
  if (claims.aud === undefined) return [];
  return Array.isArray(claims.aud) ? claims.aud : [claims.aud];
}

function toolCallsReceived(fixture: FixtureServer, from: number) {
  return fixture.requests
    .slice(from)
    .filter((r) => (r.body as { method?: string } | undefined)?.method === 'tools/call');
}

describe('Keycloak agent token at the gateway (real Keycloak 26)', () => {
  const realm = uniqueName('kc_agent_token');
  let admin: KeycloakAdmin | undefined;
  let issuer: string;
  let resourceUrl: string;
  let crm: FixtureServer | undefined;
  let gateway: GatewayApp | undefined;
  let running: RunningServer | undefined;
  let upstream: ReturnType<typeof createUpstreamPool> | undefined;
  let dispatcher: ReturnType<typeof createGuardedDispatcher> | undefined;
  let mcpUrl: string;
  let agent: { id: string; secret: string };
  let stranger: { id: string; secret: string };

  async function clientCredentialsToken(clientId: string, secret: string): Promise<IssuedToken> {
    const res = await fetch(`${issuer}/protocol/openid-connect/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: clientId,
        client_secret: secret,
      }),
      signal: AbortSignal.timeout(30_000),
    });
    const body = (await res.json()) as { access_token?: string; error?: string };
    expect(res.status, `token endpoint answered ${JSON.stringify(body)}`).toBe(200);
    const token = body.access_token as string;
    const payload = token.split('.')[1] as string;
    return {
      token,
      claims: JSON.parse(
        Buffer.from(payload, 'base64url').toString('utf8'),
      ) as IssuedToken['claims'],
    };
  }

  beforeAll(async () => {
    // Throws with instructions when the test environment is not running: never skips.
    const kc = loadTestEnv().keycloak;
    const port = await getFreePort();
    resourceUrl = `http://127.0.0.1:${port}/mcp`;
    issuer = `${kc.url}/realms/${realm}`;

    // Keycloak: a realm, catalog scopes addressed to this gateway, an agent granted crm.read only,
    // and a second client of the same realm holding no gateway scope (so no audience mapper).
    admin = await connectKeycloakAdmin({
      url: kc.url,
      username: kc.adminUser,
      password: kc.adminPassword,
      realm,
    });
    await ensureRealm(admin);
    await ensureClientScope(admin, { id: 'crm.read', description: 'Read CRM.' }, resourceUrl);
    await ensureClientScope(
      admin,
      { id: 'crm.admin', description: 'Administer CRM.' },
      resourceUrl,
    );
    const agentId = uniqueName('crm-agent').replace(/_/g, '-');
    const created = await ensureAgent(admin, {
      id: agentId,
      description: 'sample CRM agent',
      grantedScopes: ['crm.read'],
    });
    agent = { id: agentId, secret: created.secret?.clientSecret as string };
    const strangerId = uniqueName('other-client').replace(/_/g, '-');
    const other = await ensureAgent(admin, {
      id: strangerId,
      description: 'client of the same realm without the gateway audience',
      grantedScopes: [],
    });
    stranger = { id: strangerId, secret: other.secret?.clientSecret as string };

    // The gateway: a fixture CRM upstream whose tools need crm.read, except update_contact
    // (crm.contact.update) and delete_contact (crm.admin); tokens verified against Keycloak.
    crm = await startFixtureServer({ era: 'stateless' });
    const snapshot = buildSnapshot({ crm: crm.url, legacy: crm.url });
    const state = compileServingState(
      { ...snapshot, servers: snapshot.servers.filter((server) => server.id === 'crm') },
      { environment: 'dev' },
    );
    const config = configSchema.parse({
      ...REQUIRED_ENV,
      GATEWAY_PORT: String(port),
      GATEWAY_RESOURCE_URL: resourceUrl,
      GATEWAY_OIDC_ISSUER: issuer,
    });
    const logger = createLogger({ service: 'gateway', level: 'error', stream: silent });
    dispatcher = createGuardedDispatcher({ allowPrivateNetworks: ['127.0.0.0/8'] });
    upstream = createUpstreamPool({
      dispatcher,
      timeoutMs: config.GATEWAY_UPSTREAM_TIMEOUT_MS,
      maxResponseBytes: config.GATEWAY_UPSTREAM_MAX_RESPONSE_BYTES,
    });
    gateway = createApp({
      config,
      logger,
      mcp: {
        getState: () => state,
        verifier: createCachingVerifier(
          createTokenVerifier({ issuers: [{ issuer, audiences: [resourceUrl] }] }),
        ),
        audit: { emit: () => undefined },
        upstream,
        secrets: createEnvFileSecretSource({ CRM_TOKEN: SECRET_VALUE }),
      },
    });
    running = await startHttpServer(gateway.app, {
      port,
      host: '127.0.0.1',
      logger,
      lifecycle: gateway.lifecycle,
      handleSignals: false,
    });
    mcpUrl = `${running.url}/mcp`;
  });

  afterAll(async () => {
    await running?.close();
    await gateway?.mcp?.close();
    await upstream?.close();
    await dispatcher?.close();
    await crm?.close();
    if (admin) await (await admin.api()).realms.del({ realm });
  });

  it('when the agent lists tools with its client-credentials token, then it sees exactly the crm.read tools', async () => {
    const { token, claims } = await clientCredentialsToken(agent.id, agent.secret);

    const res = await modernPost(mcpUrl, token, 'tools/list');

    expect(audiences(claims)).toContain(resourceUrl);
    expect(claims.scope?.split(' ')).toContain('crm.read');
    expect(claims.scope?.split(' ')).not.toContain('crm.admin');
    expect(res.status).toBe(200);
    const names = (res.json!['result'].tools as Array<{ name: string }>).map((t) => t.name).sort();
    expect(names).toEqual(['crm__get_contact', 'crm__search_contacts']);
  });

  it('when the agent calls a crm.read tool, then the upstream result comes back and the upstream got the credential but not the agent token', async () => {
    const { token } = await clientCredentialsToken(agent.id, agent.secret);
    const before = crm!.requests.length;

    const res = await modernPost(mcpUrl, token, 'tools/call', {
      name: 'crm__search_contacts',
      arguments: { query: 'ada' },
    });

    expect(res.status).toBe(200);
    expect(res.json!['result'].structuredContent).toEqual({
      contacts: [{ id: 'c-1', name: 'Ada Lovelace', email: 'ada@example.com' }],
    });
    const calls = toolCallsReceived(crm!, before);
    expect(calls).toHaveLength(1);
    const received = calls[0]!;
    expect((received.body as { params: { name: string } }).params.name).toBe('search_contacts');
    expect(received.headers['authorization']).toBeUndefined();
    expect(JSON.stringify(received)).not.toContain(token);
    expect(received.headers['x-api-key']).toBe(`Key ${SECRET_VALUE}`);
  });

  it('when the agent calls the crm.admin tool it was not granted, then the answer is the unknown-tool answer and the upstream gets nothing', async () => {
    const { token } = await clientCredentialsToken(agent.id, agent.secret);
    const before = crm!.requests.length;

    const hidden = await modernPost(mcpUrl, token, 'tools/call', {
      name: 'crm__delete_contact',
      arguments: { id: 'c-1' },
    });
    const missing = await modernPost(mcpUrl, token, 'tools/call', {
      name: 'crm__no_such_tool',
      arguments: { id: 'c-1' },
    });

    expect(hidden.json!['error'].code).toBe(-32602);
    expect(hidden.status).toBe(missing.status);
    expect(hidden.text.replace('crm__delete_contact', 'X')).toBe(
      missing.text.replace('crm__no_such_tool', 'X'),
    );
    expect(toolCallsReceived(crm!, before)).toHaveLength(0);
  });

  it('when a client of the same realm without the gateway audience calls the gateway, then 401 with the resource metadata challenge and the upstream gets nothing', async () => {
    const { token, claims } = await clientCredentialsToken(stranger.id, stranger.secret);
    const before = crm!.requests.length;

    const list = await modernPost(mcpUrl, token, 'tools/list');
    const call = await modernPost(mcpUrl, token, 'tools/call', {
      name: 'crm__search_contacts',
      arguments: { query: 'ada' },
    });

    expect(audiences(claims)).not.toContain(resourceUrl);
    const challenge = `Bearer error="invalid_token", resource_metadata="${new URL(resourceUrl).origin}/.well-known/oauth-protected-resource/mcp"`;
    expect(list.status).toBe(401);
    expect(list.headers.get('www-authenticate')).toBe(challenge);
    expect(call.status).toBe(401);
    expect(call.headers.get('www-authenticate')).toBe(challenge);
    expect(crm!.requests.length).toBe(before);
  });
});
