import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RegistryHarness } from '../support/registry-harness.js';
import { seedApprovedServer, startGovernance, tool } from './governance-fixtures.js';

const human = { subject: 'u-1', groups: ['sales'], scopes: ['crm.read'] };
const callCustomer = {
  principal: human,
  action: 'tools/call',
  target: { server: 'crm', name: 'get_customer' },
  environment: 'prod',
};

function policy(id: string, effect: string, extra: Record<string, unknown> = {}) {
  return {
    id,
    effect,
    subjects: { groups: ['sales'] },
    actions: ['tools/call'],
    targets: ['crm/*'],
    ...extra,
  };
}

describe('POST /v1/policy/explain', () => {
  let h: RegistryHarness;
  beforeEach(async () => {
    h = await startGovernance();
    await seedApprovedServer(h.store, [
      tool('get_customer', ['crm.read'], { readOnlyHint: true }),
      tool('delete_customer', ['crm.write'], { destructiveHint: true }),
    ]);
  });
  afterEach(async () => {
    await h.close();
  });

  it('when the principal lacks the required scope, then deny with missingScopes', async () => {
    const res = await h.call('reviewer', 'POST', '/v1/policy/explain', {
      ...callCustomer,
      target: { server: 'crm', name: 'delete_customer' },
    });

    expect(res.status).toBe(200);
    expect(res.body.decision).toBe('deny');
    expect(res.body.missingScopes).toEqual(['crm.write']);
    expect(res.body.trace.scopes.required).toEqual(['crm.write']);
  });

  it('when the principal holds the scope and an allow policy applies, then allow naming it', async () => {
    await h.call('admin', 'POST', '/v1/policies', policy('allow-sales', 'allow'));

    const res = await h.call('auditor', 'POST', '/v1/policy/explain', callCustomer);

    expect(res.body.decision).toBe('allow');
    expect(res.body.matchedPolicies).toEqual(['allow-sales']);
    expect(res.body.missingScopes).toEqual([]);
  });

  it('when a deny and an allow policy both apply, then deny wins', async () => {
    await h.call('admin', 'POST', '/v1/policies', policy('allow-sales', 'allow'));
    await h.call(
      'admin',
      'POST',
      '/v1/policies',
      policy('deny-high', 'deny', {
        conditions: { riskLevels: ['high'] },
      }),
    );

    const res = await h.call('auditor', 'POST', '/v1/policy/explain', callCustomer);

    expect(res.body.decision).toBe('deny');
    expect(res.body.matchedPolicies).toEqual(['deny-high']);
    expect(res.body.trace.policies).toHaveLength(2);
  });

  it('when a require_approval policy applies in prod, then require_approval', async () => {
    await h.call('admin', 'POST', '/v1/policies', policy('allow-sales', 'allow'));
    await h.call(
      'admin',
      'POST',
      '/v1/policies',
      policy('hold-prod', 'require_approval', {
        conditions: { environments: ['prod'] },
      }),
    );

    const prod = await h.call('auditor', 'POST', '/v1/policy/explain', callCustomer);
    const dev = await h.call('auditor', 'POST', '/v1/policy/explain', {
      ...callCustomer,
      environment: 'dev',
    });

    expect(prod.body.decision).toBe('require_approval');
    expect(dev.body.decision).toBe('allow');
  });

  it('when the principal is an agent id, then its granted scopes decide', async () => {
    await h.call('admin', 'POST', '/v1/scopes', { id: 'crm.write', description: 'w' });
    await h.call('admin', 'POST', '/v1/agents', {
      id: 'agent-7',
      owner: 'carol',
      team: 'crm',
      grantedScopes: ['crm.write'],
    });

    const res = await h.call('reviewer', 'POST', '/v1/policy/explain', {
      ...callCustomer,
      principal: { agentId: 'agent-7' },
    });

    expect(res.body.decision).toBe('deny');
    expect(res.body.missingScopes).toEqual(['crm.read']);
    expect(res.body.trace.scopes.held).toEqual(['crm.write']);
  });

  it.each([
    ['unknown server', { ...callCustomer, target: { server: 'erp', name: 'get_customer' } }],
    ['unknown tool', { ...callCustomer, target: { server: 'crm', name: 'nope' } }],
    ['unknown agent', { ...callCustomer, principal: { agentId: 'ghost-agent' } }],
  ])('when the %s is named, then 404', async (_name, body) => {
    const res = await h.call('reviewer', 'POST', '/v1/policy/explain', body);

    expect(res.status).toBe(404);
  });

  it.each([
    ['bad action', { ...callCustomer, action: 'tools/exec' }],
    ['bad environment', { ...callCustomer, environment: 'qa' }],
    ['principal with both shapes', { ...callCustomer, principal: { ...human, agentId: 'a' } }],
    ['missing target', { ...callCustomer, target: undefined }],
    ['bad time', { ...callCustomer, at: 'yesterday' }],
  ])('when the request is bad (%s), then 400', async (_name, body) => {
    const res = await h.call('reviewer', 'POST', '/v1/policy/explain', body);

    expect(res.status).toBe(400);
  });

  it('when only a deprecated version remains, then it is still the explain target', async () => {
    await h.close();
    h = await startGovernance();
    await seedApprovedServer(h.store, [tool('get_customer', [])], '2.0.0', 'deprecated');
    await seedApprovedServer(h.store, [tool('get_customer', ['crm.admin'])], '3.0.0', 'draft');

    const res = await h.call('reviewer', 'POST', '/v1/policy/explain', callCustomer);

    expect(res.status).toBe(200);
    expect(res.body.trace.scopes.required).toEqual([]);
  });
});
