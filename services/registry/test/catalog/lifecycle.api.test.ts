import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditEvent } from '../../src/domain/model/audit-event.js';
import type { RegistryHarness } from '../support/registry-harness.js';
import {
  act,
  POISON_FINDING,
  registerBody,
  seedScopes,
  startCatalog,
  tool,
  type FakeDiscovery,
} from './catalog-fixtures.js';

const V = '/v1/servers/crm/versions/1.0.0';

describe('version lifecycle API', () => {
  let h: RegistryHarness;
  let discovery: FakeDiscovery;

  beforeEach(async () => {
    ({ h, discovery } = await startCatalog());
    await seedScopes(h, ['crm.read', 'crm.write']);
    expect((await h.call('crmOwner', 'POST', '/v1/servers', registerBody())).status).toBe(201);
  });
  afterEach(async () => {
    await h.close();
  });

  const scopeAll = (rev: number) =>
    h.call('reviewer', 'PUT', `${V}/definitions/scopes`, {
      scopes: { 'tool/search_accounts': ['crm.read'], 'tool/get_account': ['crm.read'] },
      rev,
    });
  const toReview = async () => {
    expect((await act(h, 'crmOwner', 'submit')).status).toBe(200);
    return act(h, 'reviewer', 'start_review');
  };

  it('when the full lifecycle runs, then each step is stored in history, pinned and audited', async () => {
    const submitted = await act(h, 'crmOwner', 'submit');
    expect(submitted.body).toMatchObject({ status: 'submitted', discovery: { ok: true } });
    expect(submitted.body.definitions).toHaveLength(2);
    const review = await act(h, 'reviewer', 'start_review');
    expect((await scopeAll(review.body.rev)).status).toBe(200);
    const dev = await act(h, 'reviewer', 'approve_dev');
    expect(dev.body).toMatchObject({ status: 'approved_dev', approvedFor: ['dev'] });
    for (const d of dev.body.definitions) expect(d.pinnedHash).toBe(d.hash);
    const prod = await act(h, 'reviewer2', 'approve_prod');
    expect(prod.body.approvedFor).toEqual(['dev', 'prod']);
    const retireAt = new Date(Date.now() + 86_400_000).toISOString();
    const dep = await act(h, 'admin', 'deprecate', { retireAt });
    expect(dep.body).toMatchObject({ status: 'deprecated', retireAt });
    const retired = await act(h, 'admin', 'retire');

    expect(retired.status).toBe(200);
    const stored = (await h.call('auditor', 'GET', V)).body;
    expect(stored.history.map((t: { action: string }) => t.action)).toEqual([
      'create',
      'submit',
      'start_review',
      'approve_dev',
      'approve_prod',
      'deprecate',
      'retire',
    ]);
    expect(stored.history[3]).toMatchObject({
      from: 'in_review',
      to: 'approved_dev',
      actor: 'u-rev',
    });
    const events = await h.store
      .collection<AuditEvent>('audit_events')
      .find({}, { sort: { field: 'seq', direction: 1 } });
    expect(events.map((e) => e.action)).toEqual([
      'server.create',
      'version.submit',
      'version.start_review',
      'version.set_scopes',
      'version.approve_dev',
      'version.approve_prod',
      'version.deprecate',
      'version.retire',
    ]);
    expect(events.find((e) => e.action === 'version.retire')?.reasons).toEqual(['because retire']);
    expect(discovery.calls).toEqual(['crm@1.0.0']);
  });

  it.each([
    ['reviewer', 'start_review', 'draft', ['submit']],
    ['reviewer', 'approve_dev', 'draft', ['submit']],
    ['admin', 'retire', 'draft', ['submit']],
    ['admin', 'deprecate', 'draft', ['submit']],
  ] as const)(
    'when %s tries %s on a %s version, then 409 names the allowed actions',
    async (persona, action, status, allowed) => {
      const res = await act(h, persona, action, {
        retireAt: new Date(Date.now() + 60_000).toISOString(),
      });

      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('CONFLICT');
      expect(res.body.error.details).toMatchObject({ status, action, allowedActions: allowed });
    },
  );

  it('when a submitted version is submitted again or approved, then 409 lists start_review and reject', async () => {
    await act(h, 'crmOwner', 'submit');

    const again = await act(h, 'crmOwner', 'submit');
    const approve = await act(h, 'reviewer', 'approve_prod');

    expect(again.status).toBe(409);
    expect(again.body.error.details.allowedActions).toEqual(['start_review', 'reject']);
    expect(approve.status).toBe(409);
    expect(approve.body.error.details).toMatchObject({
      status: 'submitted',
      allowedActions: ['start_review', 'reject'],
    });
  });

  it('when an owner who is also a reviewer starts review or approves, then 403 and nothing changes', async () => {
    await act(h, 'crmOwner', 'submit');

    const start = await act(h, 'crmOwnerReviewer', 'start_review');
    const reject = await act(h, 'crmOwnerReviewer', 'reject');

    expect(start.status).toBe(403);
    expect(reject.status).toBe(403);
    expect((await h.call('auditor', 'GET', V)).body.status).toBe('submitted');
  });

  it('when the billing owner submits the CRM server, then 403', async () => {
    expect((await act(h, 'billingOwner', 'submit')).status).toBe(403);
  });

  it('when an auditor, nobody or no token acts, then 403/403/401', async () => {
    expect((await act(h, 'auditor', 'submit')).status).toBe(403);
    expect((await act(h, 'nobody', 'submit')).status).toBe(403);
    expect((await act(h, null, 'submit')).status).toBe(401);
  });

  it('when a tool has findings, then approval is blocked until a reviewer accepts them', async () => {
    discovery.definitions = [
      tool('search_accounts', { findings: [POISON_FINDING], requiredScopes: ['crm.read'] }),
    ];
    await toReview();

    const blocked = await act(h, 'reviewer', 'approve_dev');
    const ownerAccept = await h.call('crmOwnerReviewer', 'POST', `${V}/findings/accept`, {
      reason: 'reviewed it',
    });
    const accepted = await h.call('reviewer', 'POST', `${V}/findings/accept`, {
      reason: 'benign wording',
    });
    const approved = await act(h, 'reviewer', 'approve_dev');

    expect(blocked.status).toBe(409);
    expect(blocked.body.error.details.blockers).toEqual([
      expect.objectContaining({
        code: 'findings_not_accepted',
        definition: 'tool/search_accounts',
      }),
    ]);
    expect(ownerAccept.status).toBe(403);
    expect(accepted.body.findingsAcceptance).toMatchObject({
      by: 'u-rev',
      definitionHashes: ['sha256:search_accounts'],
    });
    expect(approved.status).toBe(200);
  });

  it('when a tool has no required scope, then approval is blocked naming it', async () => {
    await toReview();

    const res = await act(h, 'reviewer', 'approve_dev');

    expect(res.status).toBe(409);
    expect(
      res.body.error.details.blockers.map((b: { definition: string }) => b.definition),
    ).toEqual(['tool/search_accounts', 'tool/get_account']);
    expect((await h.call('auditor', 'GET', V)).body.status).toBe('in_review');
  });

  it('when scopes name an unknown scope or definition, then 400 and scopes stay empty', async () => {
    const review = await toReview();

    const badScope = await h.call('reviewer', 'PUT', `${V}/definitions/scopes`, {
      scopes: { 'tool/get_account': ['crm.admin'] },
      rev: review.body.rev,
    });
    const badTool = await h.call('reviewer', 'PUT', `${V}/definitions/scopes`, {
      scopes: { 'tool/nope': ['crm.read'] },
      rev: review.body.rev,
    });

    expect(badScope.status).toBe(400);
    expect(badScope.body.error.details.unknownScopes).toEqual(['crm.admin']);
    expect(badTool.body.error.details.unknownDefinitions).toEqual(['tool/nope']);
    const stored = (await h.call('auditor', 'GET', V)).body;
    expect(
      stored.definitions.every((d: { requiredScopes: string[] }) => d.requiredScopes.length === 0),
    ).toBe(true);
  });

  it('when discovery fails on submit, then the version stays submitted with the error and cannot be approved', async () => {
    discovery.failWith = 'connect ECONNREFUSED';

    const submitted = await act(h, 'crmOwner', 'submit');
    await act(h, 'reviewer', 'start_review');
    const approve = await act(h, 'reviewer', 'approve_dev');

    expect(submitted.status).toBe(200);
    expect(submitted.body).toMatchObject({
      status: 'submitted',
      discovery: { ok: false, error: 'connect ECONNREFUSED' },
    });
    expect(approve.body.error.details.blockers[0].code).toBe('discovery_not_ok');
  });

  it('when deprecate has no retireAt or one in the past, then 400 and the version stays approved', async () => {
    const review = await toReview();
    await scopeAll(review.body.rev);
    await act(h, 'reviewer', 'approve_dev');

    const missing = await act(h, 'admin', 'deprecate');
    const past = await act(h, 'admin', 'deprecate', { retireAt: '2000-01-01T00:00:00Z' });

    expect(missing.status).toBe(400);
    expect(past.status).toBe(400);
    expect((await h.call('auditor', 'GET', V)).body.status).toBe('approved_dev');
  });

  it('when the reason is missing or too short, then 400', async () => {
    const res = await h.call('crmOwner', 'POST', `${V}/lifecycle`, {
      action: 'submit',
      reason: 'x',
    });
    const none = await h.call('crmOwner', 'POST', `${V}/lifecycle`, { action: 'submit' });

    expect(res.status).toBe(400);
    expect(none.status).toBe(400);
    expect(discovery.calls).toEqual([]);
  });
});
