import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { createBaseApp } from '@mcpgw/http';
import { createGroupMapper, createTokenVerifier } from '@mcpgw/identity';
import { createLogger } from '@mcpgw/logger';
import { startLocalIssuer, type LocalIssuer } from '@mcpgw/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAuthProvisioningClient } from '../../src/data-access/auth-provisioning-client.js';
import { createClientCredentialsToken } from '../../src/data-access/client-credentials-token.js';
import { createMemoryDocumentStore } from '../../src/data-access/memory/memory-document-store.js';
import { createAuditLog } from '../../src/domain/audit/audit-log.js';
import { REGISTRY_INDEXES } from '../../src/domain/indexes.js';
import type { AuditEvent } from '../../src/domain/model/audit-event.js';
import type { IdentityProvisioning } from '../../src/domain/ports/identity-provisioning.js';
import type { DocumentStore } from '../../src/domain/ports/document-store.js';
import { createChangeNotifier, type RegistryContext } from '../../src/domain/registry-context.js';
import { governanceRoutes } from '../../src/http/governance/governance-routes.js';
import { mountRegistryApi } from '../../src/http/mount-api.js';
import { PERSONAS, TEST_GROUP_MAPPING, type Persona } from '../support/registry-harness.js';

const FIRST_SECRET = 'first-secret-Zq81xT';
const ROTATED_SECRET = 'rotated-secret-Kp27wY';
const SERVICE_SECRET = 'registry-client-secret-Hm55';
const SERVICE_TOKEN = 'service-token-Vb09';

interface Recorded {
  readonly method: string;
  readonly path: string;
  readonly authorization: string | undefined;
  readonly body: unknown;
}

/** The auth service's admin endpoints and a token endpoint, over real HTTP on loopback. */
interface FakeAuth {
  readonly url: string;
  readonly calls: Recorded[];
  readonly tokenCalls: Recorded[];
  /** Answer status for admin calls; 200 answers like the real service. */
  failWith: number | undefined;
  /** Admin calls answered 401 before the fake accepts the token again. */
  rejectTokens: number;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of req) text += String(chunk);
  return text;
}

function adminAnswer(method: string, path: string): { status: number; body: unknown } {
  const id = decodeURIComponent(path.split('/')[4] ?? '');
  if (path === '/auth/admin/scopes') return { status: 200, body: { change: 'updated' } };
  if (path.endsWith('/rotate-secret')) {
    return {
      status: 200,
      body: { id, change: 'updated', secret: { clientSecret: ROTATED_SECRET } },
    };
  }
  if (path.endsWith('/disable')) return { status: 200, body: { id, change: 'updated' } };
  if (method === 'PUT') {
    return { status: 201, body: { id, change: 'created', secret: { clientSecret: FIRST_SECRET } } };
  }
  return { status: 404, body: { error: { code: 'ROUTE_NOT_FOUND', message: 'No such route.' } } };
}

async function startFakeAuth(): Promise<FakeAuth> {
  const fake = { calls: [] as Recorded[], tokenCalls: [] as Recorded[] } as unknown as FakeAuth;
  fake.failWith = undefined;
  fake.rejectTokens = 0;
  const server: Server = createServer((req, res) => {
    void readBody(req).then((text) => {
      const path = req.url ?? '';
      const recorded = {
        method: req.method ?? '',
        path,
        authorization: req.headers.authorization,
        body: text && path !== '/token' ? JSON.parse(text) : text,
      };
      const answer = (status: number, body: unknown) =>
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      if (path === '/token') {
        fake.tokenCalls.push(recorded);
        return answer(200, { access_token: SERVICE_TOKEN, token_type: 'Bearer', expires_in: 300 });
      }
      fake.calls.push(recorded);
      if (fake.rejectTokens > 0) {
        fake.rejectTokens -= 1;
        return answer(401, { error: { code: 'TOKEN_INVALID', message: 'x' } });
      }
      if (fake.failWith !== undefined) {
        return answer(fake.failWith, { error: { code: 'KEYCLOAK_DOWN', message: 'x' } });
      }
      const { status, body } = adminAnswer(recorded.method, path);
      return answer(status, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return Object.assign(fake, {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}

interface Registry {
  readonly store: DocumentStore;
  readonly logs: string[];
  call(
    persona: Persona,
    method: string,
    path: string,
    body?: unknown,
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON bodies
  ): Promise<{ status: number; body: any; headers: Headers }>;
  close(): Promise<void>;
}

/** Like the shared harness, but with a debug logger whose lines the test can grep. */
async function startRegistry(provisioning?: IdentityProvisioning): Promise<Registry> {
  const issuer: LocalIssuer = await startLocalIssuer();
  const store = createMemoryDocumentStore();
  await store.ensureIndexes(REGISTRY_INDEXES);
  const logs: string[] = [];
  const stream = new Writable({
    write: (chunk, _e, cb) => {
      logs.push(String(chunk));
      cb();
    },
  });
  const logger = createLogger({ service: 'registry-test', level: 'debug', stream });
  const clock = { now: () => new Date() };
  const ctx: RegistryContext = {
    store,
    clock,
    audit: createAuditLog({ store, clock, instance: 'registry-test' }),
    changes: createChangeNotifier(),
    logger,
  };
  const base = createBaseApp({ service: 'registry', logger });
  mountRegistryApi(base.app, {
    verifier: createTokenVerifier({
      issuers: [{ issuer: issuer.issuer, audiences: [issuer.audience], jwksUri: issuer.jwksUri }],
      groupMapper: createGroupMapper(TEST_GROUP_MAPPING),
    }),
    routes: governanceRoutes(ctx, provisioning === undefined ? {} : { provisioning }),
    gatewayClientIds: ['mcp-gateway'],
    version: 'test',
  });
  base.finalize();
  const server: Server = await new Promise((resolve) => {
    const s = base.app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    store,
    logs,
    async call(persona, method, path, body) {
      const headers: Record<string, string> = {
        authorization: `Bearer ${await issuer.mint({ ...PERSONAS[persona] })}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      };
      const res = await fetch(`${url}${path}`, {
        method,
        headers,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await res.text();
      return {
        status: res.status,
        body: text ? JSON.parse(text) : undefined,
        headers: res.headers,
      };
    },
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await issuer.close();
      await store.close();
    },
  };
}

function provisioningFor(auth: FakeAuth): IdentityProvisioning {
  return createAuthProvisioningClient({
    baseUrl: auth.url,
    tokens: createClientCredentialsToken({
      tokenUrl: `${auth.url}/token`,
      clientId: 'mcp-registry',
      clientSecret: SERVICE_SECRET,
    }),
    retries: 2,
    retryDelayMs: 1,
    timeoutMs: 2_000,
  });
}

async function events(store: DocumentStore): Promise<AuditEvent[]> {
  return store
    .collection<AuditEvent>('audit_events')
    .find({}, { sort: { field: 'seq', direction: 1 } });
}

/** Everything the registry persisted, as one string to grep. */
async function storedText(store: DocumentStore): Promise<string> {
  const names = ['agents', 'scopes', 'audit_events'] as const;
  const all = await Promise.all(names.map((name) => store.collection(name).find({})));
  return JSON.stringify(all);
}

const agent = {
  id: 'sales-bot',
  owner: 'carol',
  team: 'crm',
  description: 'Drafts follow-ups',
  environments: ['prod'],
  grantedScopes: ['crm.read'],
};

describe('identity provisioning', () => {
  let auth: FakeAuth;
  let registry: Registry;
  beforeEach(async () => {
    auth = await startFakeAuth();
    registry = await startRegistry(provisioningFor(auth));
  });
  afterEach(async () => {
    await registry.close();
    await auth.close();
  });

  it('when scopes are created and deleted, then the whole catalog is synced each time with a service token', async () => {
    await registry.call('admin', 'POST', '/v1/scopes', { id: 'crm.read', description: 'Read' });
    await registry.call('admin', 'POST', '/v1/scopes', { id: 'crm.write', description: 'Write' });
    const deleted = await registry.call('admin', 'DELETE', '/v1/scopes/crm.write');

    expect(deleted.status).toBe(204);
    expect(auth.calls.map((c) => [c.method, c.path, c.body])).toEqual([
      ['PUT', '/auth/admin/scopes', { scopes: [{ id: 'crm.read', description: 'Read' }] }],
      [
        'PUT',
        '/auth/admin/scopes',
        {
          scopes: [
            { id: 'crm.read', description: 'Read' },
            { id: 'crm.write', description: 'Write' },
          ],
        },
      ],
      ['PUT', '/auth/admin/scopes', { scopes: [{ id: 'crm.read', description: 'Read' }] }],
    ]);
    expect(auth.calls.every((c) => c.authorization === `Bearer ${SERVICE_TOKEN}`)).toBe(true);
    expect(auth.tokenCalls).toHaveLength(1);
    const basic = Buffer.from(`mcp-registry:${SERVICE_SECRET}`).toString('base64');
    expect(auth.tokenCalls[0]).toMatchObject({
      method: 'POST',
      authorization: `Basic ${basic}`,
      body: 'grant_type=client_credentials',
    });
    const details = (await events(registry.store)).map((e) => [e.action, e.details]);
    expect(details).toEqual([
      ['scope.create', { provisioning: 'synced' }],
      ['scope.create', { provisioning: 'synced' }],
      ['scope.delete', { provisioning: 'synced' }],
    ]);
  });

  it('when an agent is created, updated, revoked and deleted, then Keycloak is synced, then disabled', async () => {
    await registry.call('admin', 'POST', '/v1/scopes', { id: 'crm.read', description: 'Read' });
    auth.calls.length = 0;

    const created = await registry.call('admin', 'POST', '/v1/agents', agent);
    await registry.call('admin', 'PATCH', '/v1/agents/sales-bot', { rev: 1, grantedScopes: [] });
    await registry.call('admin', 'PATCH', '/v1/agents/sales-bot', { rev: 2, status: 'revoked' });
    const deleted = await registry.call('admin', 'DELETE', '/v1/agents/sales-bot');

    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: 'sales-bot', status: 'active', secret: FIRST_SECRET });
    expect(created.headers.get('cache-control')).toBe('no-store');
    expect(deleted.status).toBe(204);
    expect(auth.calls.map((c) => [c.method, c.path, c.body])).toEqual([
      [
        'PUT',
        '/auth/admin/agents/sales-bot',
        { description: 'Drafts follow-ups', grantedScopes: ['crm.read'] },
      ],
      [
        'PUT',
        '/auth/admin/agents/sales-bot',
        { description: 'Drafts follow-ups', grantedScopes: [] },
      ],
      ['POST', '/auth/admin/agents/sales-bot/disable', ''],
      ['POST', '/auth/admin/agents/sales-bot/disable', ''],
    ]);
    const agentEvents = (await events(registry.store)).filter((e) => e.action.startsWith('agent'));
    expect(agentEvents.map((e) => [e.action, e.details?.['provisioning']])).toEqual([
      ['agent.create', 'synced'],
      ['agent.update', 'synced'],
      ['agent.revoke', 'synced'],
      ['agent.delete', 'synced'],
    ]);
    expect(await storedText(registry.store)).not.toContain(FIRST_SECRET);
    expect(registry.logs.join('')).not.toContain(FIRST_SECRET);
  });

  it('when an admin rotates a secret, then it is answered once with no-store and is nowhere in logs, audit or store', async () => {
    await registry.call('admin', 'POST', '/v1/agents', { ...agent, grantedScopes: [] });

    const rotated = await registry.call('admin', 'POST', '/v1/agents/sales-bot/rotate-secret');

    expect(rotated.status).toBe(200);
    expect(rotated.body).toEqual({ id: 'sales-bot', secret: ROTATED_SECRET });
    expect(rotated.headers.get('cache-control')).toBe('no-store');
    expect(auth.calls.at(-1)).toMatchObject({
      method: 'POST',
      path: '/auth/admin/agents/sales-bot/rotate-secret',
    });
    const last = (await events(registry.store)).at(-1);
    expect(last).toMatchObject({
      action: 'agent.rotate_secret',
      outcome: 'success',
      target: { id: 'sales-bot' },
      details: { provisioning: 'synced', delivery: 'response' },
    });
    const logs = registry.logs.join('');
    expect(logs).toContain('/v1/agents/:agentId/rotate-secret'); // the request was logged…
    for (const secret of [ROTATED_SECRET, FIRST_SECRET, SERVICE_SECRET, SERVICE_TOKEN]) {
      expect(logs).not.toContain(secret); // …without any secret
      expect(await storedText(registry.store)).not.toContain(secret);
    }
  });

  it('when the auth service fails with 5xx, then the agent is kept, 202 carries a warning, the audit says failed, and calls were retried', async () => {
    auth.failWith = 503;

    const created = await registry.call('admin', 'POST', '/v1/agents', {
      ...agent,
      grantedScopes: [],
    });

    expect(created.status).toBe(202);
    expect(created.body).toMatchObject({
      id: 'sales-bot',
      status: 'active',
      warning: { code: 'PROVISIONING_FAILED', cause: 'UPSTREAM_FAILED' },
    });
    expect(created.body.secret).toBeUndefined();
    expect(await registry.store.collection('agents').get('sales-bot')).toBeDefined();
    expect(auth.calls).toHaveLength(3); // one attempt + two retries
    const [event] = await events(registry.store);
    expect(event).toMatchObject({
      action: 'agent.create',
      outcome: 'success',
      details: { provisioning: 'failed', provisioningError: 'UPSTREAM_FAILED' },
    });
    expect(registry.logs.join('')).toContain('identity provisioning failed');
  });

  it('when a failed sync is repeated with only the current rev, then Keycloak is synced and 200 answers', async () => {
    auth.failWith = 500;
    await registry.call('admin', 'POST', '/v1/agents', { ...agent, grantedScopes: [] });
    auth.failWith = undefined;

    const retried = await registry.call('admin', 'PATCH', '/v1/agents/sales-bot', { rev: 1 });

    expect(retried.status).toBe(200);
    expect(retried.body.warning).toBeUndefined();
    expect(auth.calls.at(-1)).toMatchObject({
      method: 'PUT',
      path: '/auth/admin/agents/sales-bot',
    });
  });

  it('when the auth service refuses with 4xx, then it is not retried and the scope is kept with a warning', async () => {
    auth.failWith = 400;

    const created = await registry.call('admin', 'POST', '/v1/scopes', {
      id: 'crm.read',
      description: '',
    });

    expect(created.status).toBe(202);
    expect(created.body).toMatchObject({
      id: 'crm.read',
      warning: { code: 'PROVISIONING_FAILED' },
    });
    expect(auth.calls).toHaveLength(1);
    expect(await registry.store.collection('scopes').get('crm.read')).toBeDefined();
  });

  it('when rotation fails, then 502, a failure audit event, and nothing about a secret', async () => {
    await registry.call('admin', 'POST', '/v1/agents', { ...agent, grantedScopes: [] });
    auth.failWith = 502;

    const rotated = await registry.call('admin', 'POST', '/v1/agents/sales-bot/rotate-secret');

    expect(rotated.status).toBe(502);
    expect(rotated.body.error.code).toBe('UPSTREAM_FAILED');
    expect((await events(registry.store)).at(-1)).toMatchObject({
      action: 'agent.rotate_secret',
      outcome: 'failure',
      details: { provisioning: 'failed', provisioningError: 'UPSTREAM_FAILED' },
    });
  });

  it('when the cached service token is refused, then a fresh one is fetched once and the call succeeds', async () => {
    await registry.call('admin', 'POST', '/v1/scopes', { id: 'crm.read', description: '' });
    auth.rejectTokens = 1;

    const created = await registry.call('admin', 'POST', '/v1/scopes', {
      id: 'crm.write',
      description: '',
    });

    expect(created.status).toBe(201);
    expect(auth.tokenCalls).toHaveLength(2);
  });

  it('when the agent is revoked, then rotation is refused with 409 and the auth service is not called', async () => {
    await registry.call('admin', 'POST', '/v1/agents', { ...agent, grantedScopes: [] });
    await registry.call('admin', 'PATCH', '/v1/agents/sales-bot', { rev: 1, status: 'revoked' });
    const before = auth.calls.length;

    const rotated = await registry.call('admin', 'POST', '/v1/agents/sales-bot/rotate-secret');

    expect(rotated.status).toBe(409);
    expect(auth.calls).toHaveLength(before);
  });

  it('when someone other than a platform admin rotates, then 403', async () => {
    await registry.call('admin', 'POST', '/v1/agents', { ...agent, grantedScopes: [] });

    const rotated = await registry.call('reviewer', 'POST', '/v1/agents/sales-bot/rotate-secret');

    expect(rotated.status).toBe(403);
    expect(auth.calls.filter((c) => c.path.endsWith('/rotate-secret'))).toHaveLength(0);
  });
});

describe('identity provisioning (not configured)', () => {
  let registry: Registry;
  beforeEach(async () => {
    registry = await startRegistry();
  });
  afterEach(async () => {
    await registry.close();
  });

  it('when no auth admin endpoint is configured, then writes answer as before and rotation answers 503', async () => {
    const created = await registry.call('admin', 'POST', '/v1/agents', {
      ...agent,
      grantedScopes: [],
    });
    const rotated = await registry.call('admin', 'POST', '/v1/agents/sales-bot/rotate-secret');

    expect(created.status).toBe(201);
    expect(created.body.warning).toBeUndefined();
    expect(rotated.status).toBe(503);
    const [event] = await events(registry.store);
    expect(event?.details).toEqual({ team: 'crm', grantedScopes: [] });
  });
});
