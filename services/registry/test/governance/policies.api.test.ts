import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PolicyRecord } from '../../src/domain/model/policy-record.js';
import type { RegistryHarness } from '../support/registry-harness.js';
import { auditActions, startGovernance } from './governance-fixtures.js';

const allowCrm = {
  id: 'allow-crm',
  effect: 'allow',
  subjects: { agents: ['agent-1'] },
  actions: ['tools/call'],
  targets: ['crm/*'],
};

describe('policies API', () => {
  let h: RegistryHarness;
  beforeEach(async () => {
    h = await startGovernance();
  });
  afterEach(async () => {
    await h.close();
  });
  const stored = () => h.store.collection<PolicyRecord>('policies').find();

  it('when an admin creates, reads, replaces and deletes a policy, then each step is stored and audited', async () => {
    const created = await h.call('admin', 'POST', '/v1/policies', allowCrm);
    const read = await h.call('auditor', 'GET', '/v1/policies/allow-crm');
    const replaced = await h.call('admin', 'PUT', '/v1/policies/allow-crm', {
      rev: 1,
      policy: { ...allowCrm, effect: 'deny' },
    });
    const afterPut = await stored();
    const deleted = await h.call('admin', 'DELETE', '/v1/policies/allow-crm');

    expect(created.status).toBe(201);
    expect(read.body.rule).toEqual(allowCrm);
    expect(replaced.status).toBe(200);
    expect(afterPut[0]?.rule['effect']).toBe('deny');
    expect(afterPut[0]?.rev).toBe(2);
    expect(deleted.status).toBe(204);
    expect(await stored()).toEqual([]);
    expect(await auditActions(h.store)).toEqual([
      'policy.create',
      'policy.update',
      'policy.delete',
    ]);
  });

  it('when a policy has several problems, then 400 lists every one and nothing is stored', async () => {
    const res = await h.call('admin', 'POST', '/v1/policies', {
      id: 'bad',
      effect: 'maybe',
      subjects: { groups: ['*'] },
      actions: ['tools/exec'],
      targets: [],
      extra: 1,
    });

    expect(res.status).toBe(400);
    const paths = res.body.error.details.issues.map((i: { path: string }) => i.path);
    expect(paths).toEqual(
      expect.arrayContaining(['effect', 'subjects.groups[0]', 'actions[0]', 'extra']),
    );
    expect(paths.length).toBeGreaterThanOrEqual(4);
    expect(await stored()).toEqual([]);
  });

  it.each([
    ['array body', [allowCrm]],
    ['string body', 'allow everything'],
    ['missing targets', { ...allowCrm, targets: undefined }],
    ['wildcard group', { ...allowCrm, subjects: { groups: ['*'] } }],
  ])('when the policy is bad (%s), then 400 and nothing is stored', async (_name, body) => {
    const res = await h.call('admin', 'POST', '/v1/policies', body);

    expect(res.status).toBe(400);
    expect(await stored()).toEqual([]);
  });

  it('when the id exists already, then 409 and the stored policy is unchanged', async () => {
    await h.call('admin', 'POST', '/v1/policies', allowCrm);

    const res = await h.call('admin', 'POST', '/v1/policies', { ...allowCrm, effect: 'deny' });

    expect(res.status).toBe(409);
    expect((await stored())[0]?.rule['effect']).toBe('allow');
  });

  it('when PUT carries a stale rev, then 409 VERSION_CONFLICT', async () => {
    await h.call('admin', 'POST', '/v1/policies', allowCrm);
    await h.call('admin', 'PUT', '/v1/policies/allow-crm', { rev: 1, policy: allowCrm });

    const res = await h.call('admin', 'PUT', '/v1/policies/allow-crm', {
      rev: 1,
      policy: { ...allowCrm, effect: 'deny' },
    });

    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('VERSION_CONFLICT');
  });

  it('when PUT changes the id or omits rev, then 400', async () => {
    await h.call('admin', 'POST', '/v1/policies', allowCrm);

    const renamed = await h.call('admin', 'PUT', '/v1/policies/allow-crm', {
      rev: 1,
      policy: { ...allowCrm, id: 'other' },
    });
    const noRev = await h.call('admin', 'PUT', '/v1/policies/allow-crm', { policy: allowCrm });

    expect(renamed.status).toBe(400);
    expect(noRev.status).toBe(400);
    expect((await stored())[0]?.rev).toBe(1);
  });

  it('when policies are listed with a limit, then pages walk all of them', async () => {
    for (const id of ['p1', 'p2', 'p3']) {
      await h.call('admin', 'POST', '/v1/policies', { ...allowCrm, id });
    }

    const first = await h.call('reviewer', 'GET', '/v1/policies?limit=2');
    const second = await h.call(
      'reviewer',
      'GET',
      `/v1/policies?limit=2&cursor=${first.body.nextCursor}`,
    );

    expect(first.body.items.map((p: PolicyRecord) => p.id)).toEqual(['p1', 'p2']);
    expect(second.body.items.map((p: PolicyRecord) => p.id)).toEqual(['p3']);
    expect(second.body.nextCursor).toBeUndefined();
  });

  it('when an approver reads policies or a reviewer writes one, then 403', async () => {
    const read = await h.call('approver', 'GET', '/v1/policies');
    const write = await h.call('reviewer', 'POST', '/v1/policies', allowCrm);

    expect(read.status).toBe(403);
    expect(write.status).toBe(403);
  });
});
