import { afterEach, describe, expect, it } from 'vitest';
import type { Approval } from '../../src/domain/model/approval.js';
import type { RegistryHarness } from '../support/registry-harness.js';
import { auditActions, startGovernance } from './governance-fixtures.js';

const held = {
  agentId: 'agent-1',
  subject: 'u-appr',
  serverId: 'crm',
  tool: 'delete_customer',
  environment: 'prod',
  argumentsDigest: `sha256:${'b'.repeat(64)}`,
  reasons: ['policy hold-prod requires approval'],
  ttlSeconds: 60,
};

describe('approvals API', () => {
  let h: RegistryHarness;
  let now = new Date('2026-03-01T10:00:00.000Z');
  const clock = { now: () => now };
  afterEach(async () => {
    await h.close();
  });
  const start = async () => {
    now = new Date('2026-03-01T10:00:00.000Z');
    h = await startGovernance(clock);
  };
  const stored = (id: string) => h.store.collection<Approval>('approvals').get(id);

  it('when the gateway holds a call, then 201 pending with its deadline, and it is audited', async () => {
    await start();

    const res = await h.call('gateway', 'POST', '/internal/v1/approvals', held);

    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      status: 'pending',
      expiresAt: '2026-03-01T10:01:00.000Z',
    });
    expect((await stored(res.body.id))?.requester.subject).toBe('u-appr');
    expect(await auditActions(h.store)).toEqual(['approval.create']);
  });

  it('when an admin or an agent creates an approval, then 403 and nothing is stored', async () => {
    await start();

    const admin = await h.call('admin', 'POST', '/internal/v1/approvals', held);
    const agent = await h.call('agent', 'POST', '/internal/v1/approvals', held);

    expect(admin.status).toBe(403);
    expect(agent.status).toBe(403);
    expect(await h.store.collection('approvals').count()).toBe(0);
  });

  it.each([
    ['ttl too short', { ...held, ttlSeconds: 9 }],
    ['ttl too long', { ...held, ttlSeconds: 86_401 }],
    ['bad digest', { ...held, argumentsDigest: 'md5:abc' }],
    ['bad server slug', { ...held, serverId: '../crm' }],
    ['unknown key', { ...held, status: 'approved' }],
    ['missing subject', { ...held, subject: undefined }],
    ['huge arguments', { ...held, arguments: { blob: 'x'.repeat(20_000) } }],
  ])('when the request is bad (%s), then 400 and nothing is stored', async (_n, body) => {
    await start();

    const res = await h.call('gateway', 'POST', '/internal/v1/approvals', body);

    expect(res.status).toBe(400);
    expect(await h.store.collection('approvals').count()).toBe(0);
  });

  it('when approver2 approves a call requested by approver, then approved and the gateway sees it', async () => {
    await start();
    const { body } = await h.call('gateway', 'POST', '/internal/v1/approvals', held);

    const decided = await h.call('approver2', 'POST', `/v1/approvals/${body.id}/decision`, {
      decision: 'approve',
      reason: 'ticket CHG-1',
    });
    const polled = await h.call('gateway', 'GET', `/internal/v1/approvals/${body.id}`);

    expect(decided.status).toBe(200);
    expect(polled.body).toMatchObject({ status: 'approved', decidedBy: 'u-appr2' });
    expect(await auditActions(h.store)).toEqual(['approval.create', 'approval.approve']);
  });

  it('when the requester decides their own call (as subject or as userId), then 403 and it stays pending', async () => {
    await start();
    const own = await h.call('gateway', 'POST', '/internal/v1/approvals', held);
    const obo = await h.call('gateway', 'POST', '/internal/v1/approvals', {
      ...held,
      subject: 'sa-agent-1',
      userId: 'u-appr2',
    });

    const bySubject = await h.call('approver', 'POST', `/v1/approvals/${own.body.id}/decision`, {
      decision: 'approve',
      reason: 'me',
    });
    const byUser = await h.call('approver2', 'POST', `/v1/approvals/${obo.body.id}/decision`, {
      decision: 'approve',
      reason: 'me',
    });

    expect(bySubject.status).toBe(403);
    expect(byUser.status).toBe(403);
    expect((await stored(own.body.id))?.status).toBe('pending');
  });

  it('when an approval is decided twice, then the second answer is 409 and the first stands', async () => {
    await start();
    const { body } = await h.call('gateway', 'POST', '/internal/v1/approvals', held);
    await h.call('approver2', 'POST', `/v1/approvals/${body.id}/decision`, {
      decision: 'deny',
      reason: 'no',
    });

    const again = await h.call('approver2', 'POST', `/v1/approvals/${body.id}/decision`, {
      decision: 'approve',
      reason: 'yes',
    });

    expect(again.status).toBe(409);
    expect((await stored(body.id))?.status).toBe('denied');
  });

  it('when the deadline passes, then the poll reports expired, it is persisted, and deciding is 409', async () => {
    await start();
    const { body } = await h.call('gateway', 'POST', '/internal/v1/approvals', held);
    now = new Date('2026-03-01T10:01:00.000Z');

    const polled = await h.call('gateway', 'GET', `/internal/v1/approvals/${body.id}`);
    const late = await h.call('approver2', 'POST', `/v1/approvals/${body.id}/decision`, {
      decision: 'approve',
      reason: 'late',
    });

    expect(polled.body.status).toBe('expired');
    expect((await stored(body.id))?.status).toBe('expired');
    expect(late.status).toBe(409);
    expect(await auditActions(h.store)).toEqual(['approval.create', 'approval.expire']);
  });

  it('when pending approvals are listed, then newest first, overdue ones excluded, pages walk all', async () => {
    await start();
    const ids: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      now = new Date(Date.parse('2026-03-01T10:00:00.000Z') + i * 1000);
      ids.push((await h.call('gateway', 'POST', '/internal/v1/approvals', held)).body.id);
    }
    await h.call('gateway', 'POST', '/internal/v1/approvals', { ...held, ttlSeconds: 10 });
    now = new Date('2026-03-01T10:00:30.000Z');

    const first = await h.call('approver', 'GET', '/v1/approvals?status=pending&limit=2');
    const second = await h.call(
      'approver',
      'GET',
      `/v1/approvals?status=pending&limit=2&cursor=${first.body.nextCursor}`,
    );

    const listed = [...first.body.items, ...second.body.items].map((a: Approval) => a.id);
    expect(listed).toEqual([...ids].reverse());
    expect(second.body.nextCursor).toBeUndefined();
  });

  it('when a bad id or body is sent, then 400; an unknown id is 404', async () => {
    await start();

    const badId = await h.call('approver', 'GET', '/v1/approvals/not-a-uuid');
    const unknown = await h.call('approver', 'GET', `/v1/approvals/${crypto.randomUUID()}`);
    const badDecision = await h.call(
      'approver',
      'POST',
      `/v1/approvals/${crypto.randomUUID()}/decision`,
      { decision: 'maybe', reason: 'x' },
    );

    expect(badId.status).toBe(400);
    expect(unknown.status).toBe(404);
    expect(badDecision.status).toBe(400);
  });
});
