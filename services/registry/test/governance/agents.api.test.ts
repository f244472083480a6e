import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Agent } from '../../src/domain/model/agent.js';
import type { RegistryHarness } from '../support/registry-harness.js';
import { auditActions, startGovernance } from './governance-fixtures.js';

const agent = {
  id: 'agent-1',
  owner: 'carol',
  team: 'crm',
  description: 'Sales assistant',
  environments: ['dev', 'prod'],
  grantedScopes: ['crm.read'],
  versionPins: {},
};

describe('agents API', () => {
  let h: RegistryHarness;
  beforeEach(async () => {
    h = await startGovernance();
    await h.call('admin', 'POST', '/v1/scopes', { id: 'crm.read', description: 'r' });
  });
  afterEach(async () => {
    await h.close();
  });
  const agents = () => h.store.collection<Agent>('agents');

  it('when an admin registers, patches, revokes and deletes an agent, then each is stored and audited', async () => {
    const created = await h.call('admin', 'POST', '/v1/agents', agent);
    const patched = await h.call('admin', 'PATCH', '/v1/agents/agent-1', {
      rev: 1,
      description: 'Renamed',
    });
    const revoked = await h.call('admin', 'PATCH', '/v1/agents/agent-1', {
      rev: 2,
      status: 'revoked',
    });
    const read = await h.call('crmOwner', 'GET', '/v1/agents/agent-1');
    const deleted = await h.call('admin', 'DELETE', '/v1/agents/agent-1');

    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'active', grantedScopes: ['crm.read'] });
    expect(patched.body.description).toBe('Renamed');
    expect(revoked.body.status).toBe('revoked');
    expect(read.body).toMatchObject({ description: 'Renamed', status: 'revoked', rev: 3 });
    expect(deleted.status).toBe(204);
    expect(await agents().count()).toBe(0);
    expect(await auditActions(h.store)).toEqual([
      'scope.create',
      'agent.create',
      'agent.update',
      'agent.revoke',
      'agent.delete',
    ]);
  });

  it.each([
    ['clientSecret', { ...agent, clientSecret: 's3cr3t' }],
    ['password', { ...agent, password: 'hunter2' }],
    ['token', { ...agent, token: 'eyJ' }],
    ['nested api key', { ...agent, metadata: { apiKey: 'k' } }],
  ])(
    'when the body carries a secret (%s), then 400 says secrets live in Keycloak and nothing is stored',
    async (_n, body) => {
      const res = await h.call('admin', 'POST', '/v1/agents', body);

      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body)).toContain('Keycloak');
      expect(JSON.stringify(res.body)).not.toMatch(/s3cr3t|hunter2/);
      expect(await agents().count()).toBe(0);
    },
  );

  it('when a PATCH carries a secret, then 400 and the agent is unchanged', async () => {
    await h.call('admin', 'POST', '/v1/agents', agent);

    const res = await h.call('admin', 'PATCH', '/v1/agents/agent-1', {
      rev: 1,
      client_secret: 'x',
    });

    expect(res.status).toBe(400);
    expect((await agents().get('agent-1'))?.rev).toBe(1);
  });

  it.each([
    ['bad id', { ...agent, id: '-x' }],
    ['short id', { ...agent, id: 'ab' }],
    ['unknown environment', { ...agent, environments: ['qa'] }],
    ['bad scope name', { ...agent, grantedScopes: ['CRM'] }],
    ['unknown scope', { ...agent, grantedScopes: ['crm.write'] }],
    ['unknown pinned version', { ...agent, versionPins: { crm: '9.9.9' } }],
    ['missing owner', { ...agent, owner: undefined }],
    ['unknown key', { ...agent, isAdmin: true }],
  ])('when the agent is bad (%s), then 400 and nothing is stored', async (_n, body) => {
    const res = await h.call('admin', 'POST', '/v1/agents', body);

    expect(res.status).toBe(400);
    expect(await agents().count()).toBe(0);
  });

  it('when the agent id exists, then 409', async () => {
    await h.call('admin', 'POST', '/v1/agents', agent);

    const res = await h.call('admin', 'POST', '/v1/agents', agent);

    expect(res.status).toBe(409);
  });

  it('when agents are filtered by team and status, then only matches are listed', async () => {
    await h.call('admin', 'POST', '/v1/agents', agent);
    await h.call('admin', 'POST', '/v1/agents', { ...agent, id: 'agent-2', team: 'billing' });
    await h.call('admin', 'POST', '/v1/agents', { ...agent, id: 'agent-3' });
    await h.call('admin', 'PATCH', '/v1/agents/agent-3', { rev: 1, status: 'revoked' });

    const crm = await h.call('auditor', 'GET', '/v1/agents?team=crm&status=active');
    const page = await h.call('auditor', 'GET', '/v1/agents?limit=2');

    expect(crm.body.items.map((a: Agent) => a.id)).toEqual(['agent-1']);
    expect(page.body.items).toHaveLength(2);
    expect(page.body.nextCursor).toEqual(expect.any(String));
  });

  it('when a non-admin registers an agent, then 403 and nothing is stored', async () => {
    const res = await h.call('crmOwner', 'POST', '/v1/agents', agent);

    expect(res.status).toBe(403);
    expect(await agents().count()).toBe(0);
  });
});
