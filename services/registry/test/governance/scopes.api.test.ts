import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Scope } from '../../src/domain/model/scope.js';
import type { RegistryHarness } from '../support/registry-harness.js';
import { auditActions, seedApprovedServer, startGovernance, tool } from './governance-fixtures.js';

describe('scopes API', () => {
  let h: RegistryHarness;
  beforeEach(async () => {
    h = await startGovernance();
  });
  afterEach(async () => {
    await h.close();
  });

  it('when an admin creates a scope, then it is listed and a scope.create event is written', async () => {
    const created = await h.call('admin', 'POST', '/v1/scopes', {
      id: 'crm.read',
      description: 'Read CRM',
    });
    const listed = await h.call('agent', 'GET', '/v1/scopes');

    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: 'crm.read', rev: 1, createdBy: 'u-admin' });
    expect(listed.body.items.map((s: Scope) => s.id)).toEqual(['crm.read']);
    expect(await auditActions(h.store)).toEqual(['scope.create']);
  });

  it.each([
    ['uppercase', { id: 'CRM.read', description: 'x' }],
    ['trailing dot', { id: 'crm.', description: 'x' }],
    ['too long', { id: `a${'b'.repeat(100)}`, description: 'x' }],
    ['extra key', { id: 'crm.read', description: 'x', admin: true }],
    ['missing description', { id: 'crm.read' }],
    ['control characters', { id: 'crm.read', description: 'a\u001b[31mb' }],
    ['not an object', ['crm.read']],
  ])('when the body is bad (%s), then 400 and nothing is stored', async (_name, body) => {
    const res = await h.call('admin', 'POST', '/v1/scopes', body);

    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(await h.store.collection<Scope>('scopes').count()).toBe(0);
  });

  it('when a non-admin creates a scope, then 403', async () => {
    const res = await h.call('reviewer', 'POST', '/v1/scopes', { id: 'x.y', description: 'd' });

    expect(res.status).toBe(403);
  });

  it('when the scope exists already, then 409', async () => {
    await h.call('admin', 'POST', '/v1/scopes', { id: 'crm.read', description: 'a' });

    const res = await h.call('admin', 'POST', '/v1/scopes', { id: 'crm.read', description: 'b' });

    expect(res.status).toBe(409);
  });

  it('when a tool requires the scope, then delete is refused with 409 naming the version and tool', async () => {
    await h.call('admin', 'POST', '/v1/scopes', { id: 'crm.read', description: 'a' });
    await seedApprovedServer(h.store, [tool('get_customer', ['crm.read'])]);

    const res = await h.call('admin', 'DELETE', '/v1/scopes/crm.read');

    expect(res.status).toBe(409);
    expect(res.body.error.details.usedBy.definitions).toEqual([
      { versionId: 'crm@1.0.0', names: ['get_customer'] },
    ]);
    expect(await h.store.collection<Scope>('scopes').get('crm.read')).toBeDefined();
  });

  it('when an agent is granted the scope, then delete is refused naming the agent', async () => {
    await h.call('admin', 'POST', '/v1/scopes', { id: 'crm.read', description: 'a' });
    await h.call('admin', 'POST', '/v1/agents', {
      id: 'agent-1',
      owner: 'carol',
      team: 'crm',
      grantedScopes: ['crm.read'],
    });

    const res = await h.call('admin', 'DELETE', '/v1/scopes/crm.read');

    expect(res.status).toBe(409);
    expect(res.body.error.details.usedBy.agents).toEqual(['agent-1']);
  });

  it('when the scope is unused, then delete removes it and audits scope.delete', async () => {
    await h.call('admin', 'POST', '/v1/scopes', { id: 'crm.read', description: 'a' });

    const res = await h.call('admin', 'DELETE', '/v1/scopes/crm.read');

    expect(res.status).toBe(204);
    expect(await h.store.collection<Scope>('scopes').get('crm.read')).toBeUndefined();
    expect(await auditActions(h.store)).toEqual(['scope.create', 'scope.delete']);
  });

  it('when the scope does not exist, then delete answers 404', async () => {
    const res = await h.call('admin', 'DELETE', '/v1/scopes/nope.read');

    expect(res.status).toBe(404);
  });
});
