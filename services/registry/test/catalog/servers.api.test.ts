import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditEvent } from '../../src/domain/model/audit-event.js';
import type { RegistryHarness } from '../support/registry-harness.js';
import { act, countAll, registerBody, startCatalog } from './catalog-fixtures.js';

describe('server catalog API', () => {
  let h: RegistryHarness;

  beforeEach(async () => {
    ({ h } = await startCatalog());
  });
  afterEach(async () => {
    await h.close();
  });

  it('when an owner registers a server, then server and version are stored as draft and audited', async () => {
    const res = await h.call('crmOwner', 'POST', '/v1/servers', registerBody());

    expect(res.status).toBe(201);
    expect(res.body.server).toMatchObject({
      id: 'crm',
      ownerTeam: 'crm',
      rev: 1,
      healthCheck: { intervalSeconds: 60 },
    });
    expect(res.body.version).toMatchObject({ id: 'crm@1.0.0', status: 'draft', definitions: [] });
    const got = await h.call('auditor', 'GET', '/v1/servers/crm');
    expect(got.body.versions).toEqual([
      expect.objectContaining({ version: '1.0.0', status: 'draft' }),
    ]);
    const events = await h.store
      .collection<AuditEvent>('audit_events')
      .find({ action: 'server.create' });
    expect(events).toHaveLength(1);
    expect(events[0]?.actor.subject).toBe('u-crm');
  });

  it('when the slug is taken, then 409 CONFLICT', async () => {
    await h.call('crmOwner', 'POST', '/v1/servers', registerBody());

    const res = await h.call('admin', 'POST', '/v1/servers', registerBody());

    expect(res.status).toBe(409);
  });

  it.each([
    ['billing owner for the crm team', 'billingOwner', 403],
    ['auditor', 'auditor', 403],
    ['nobody', 'nobody', 403],
    ['reviewer', 'reviewer', 403],
    ['no token', null, 401],
  ] as const)(
    'when the caller is %s, then %s and nothing is stored',
    async (_label, persona, status) => {
      const res = await h.call(persona, 'POST', '/v1/servers', registerBody());

      expect(res.status).toBe(status);
      expect(await countAll(h)).toEqual([0, 0]);
    },
  );

  const secretRef = (ref: Record<string, unknown>) => ({
    credentialRefs: [
      { source: 'env:CRM_KEY', header: 'Authorization', template: 'Bearer {{secret}}', ...ref },
    ],
  });
  const badInputs: Array<[string, Record<string, unknown>]> = [
    ['an unknown key', { admin: true }],
    ['a path-traversal slug', { slug: '../x' }],
    ['a slug with a space', { slug: 'A B' }],
    ['an uppercase slug', { slug: 'Crm' }],
    ['a huge description', { description: 'x'.repeat(100_000) }],
    [
      'a metadata URL',
      { version: { version: '1.0.0', url: 'http://169.254.169.254/latest', transport: 'sse' } },
    ],
    [
      'a loopback URL',
      { version: { version: '1.0.0', url: 'http://127.0.0.1/mcp', transport: 'sse' } },
    ],
    [
      'a decimal loopback URL',
      { version: { version: '1.0.0', url: 'http://2130706433/mcp', transport: 'sse' } },
    ],
    ['a file: URL', { version: { version: '1.0.0', url: 'file:///etc/passwd', transport: 'sse' } }],
    [
      'a bad version',
      { version: { version: '1.0', url: 'https://a.example.com', transport: 'sse' } },
    ],
    ['a raw secret as source', secretRef({ source: 'sk_live_4eC39HqLyjWDarjtT1zdp7dc' })],
    ['a relative file source', secretRef({ source: 'file:../secrets/key' })],
    [
      'a secret inside the template',
      secretRef({ template: 'Bearer ghp_16C7e42F292c6912E7710c838347Ae178B4a {{secret}}' }),
    ],
    ['a template without the placeholder', secretRef({ template: 'Bearer abc' })],
    ['a template with two placeholders', secretRef({ template: '{{secret}}{{secret}}' })],
    ['a header with CRLF', secretRef({ header: 'X-Key\r\nHost: evil' })],
    ['a reserved header', secretRef({ header: 'Host' })],
    ['too many tags', { tags: Array.from({ length: 50 }, (_, i) => `t${i}`) }],
  ];

  it.each(badInputs)(
    'when the body has %s, then 400 and nothing is stored',
    async (_label, overrides) => {
      const res = await h.call('admin', 'POST', '/v1/servers', registerBody(overrides));

      expect(res.status).toBe(400);
      expect(['VALIDATION_FAILED', 'SSRF_BLOCKED']).toContain(res.body.error.code);
      expect(await countAll(h)).toEqual([0, 0]);
    },
  );

  it('when a raw secret is rejected, then the error body does not echo it', async () => {
    const secret = 'sk_live_4eC39HqLyjWDarjtT1zdp7dc';
    const res = await h.call(
      'admin',
      'POST',
      '/v1/servers',
      registerBody(secretRef({ source: secret })),
    );

    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).not.toContain(secret);
  });

  it('when loopback is allow-listed for internal servers, then a 127.0.0.1 URL is accepted', async () => {
    const internal = await startCatalog({ allowPrivateNetworks: ['127.0.0.1/32'] });
    try {
      const body = registerBody({
        version: { version: '1.0.0', url: 'http://127.0.0.1:9/mcp', transport: 'streamable-http' },
      });
      expect((await internal.h.call('crmOwner', 'POST', '/v1/servers', body)).status).toBe(201);
    } finally {
      await internal.h.close();
    }
  });

  it('when PATCH carries a stale rev, then 409 VERSION_CONFLICT and the first edit stays', async () => {
    await h.call('crmOwner', 'POST', '/v1/servers', registerBody());
    const first = await h.call('crmOwner', 'PATCH', '/v1/servers/crm', {
      rev: 1,
      description: 'first',
    });

    const stale = await h.call('admin', 'PATCH', '/v1/servers/crm', {
      rev: 1,
      description: 'second',
    });

    expect(first.status).toBe(200);
    expect(first.body.rev).toBe(2);
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('VERSION_CONFLICT');
    expect((await h.call('auditor', 'GET', '/v1/servers/crm')).body.server.description).toBe(
      'first',
    );
  });

  it('when the billing owner patches the CRM server or anyone changes the slug, then 403/400', async () => {
    await h.call('crmOwner', 'POST', '/v1/servers', registerBody());

    const billing = await h.call('billingOwner', 'PATCH', '/v1/servers/crm', {
      rev: 1,
      description: 'mine',
    });
    const slug = await h.call('crmOwner', 'PATCH', '/v1/servers/crm', { rev: 1, slug: 'crm2' });
    const handOver = await h.call('crmOwner', 'PATCH', '/v1/servers/crm', {
      rev: 1,
      ownerTeam: 'billing',
    });

    expect(billing.status).toBe(403);
    expect(slug.status).toBe(400);
    expect(handOver.status).toBe(403);
    expect((await h.call('auditor', 'GET', '/v1/servers/crm')).body.server).toMatchObject({
      rev: 1,
      ownerTeam: 'crm',
    });
  });

  it('when a server has only drafts, then the owner deletes it; once submitted, 409', async () => {
    await h.call('crmOwner', 'POST', '/v1/servers', registerBody());
    await h.call('crmOwner', 'POST', '/v1/servers', registerBody({ slug: 'crm-two' }));
    await act(h, 'crmOwner', 'submit', {}, '/v1/servers/crm-two/versions/1.0.0');

    const deleted = await h.call('crmOwner', 'DELETE', '/v1/servers/crm');
    const refused = await h.call('crmOwner', 'DELETE', '/v1/servers/crm-two');

    expect(deleted.status).toBe(204);
    expect((await h.call('auditor', 'GET', '/v1/servers/crm')).status).toBe(404);
    expect(refused.status).toBe(409);
    expect(await countAll(h)).toEqual([1, 1]);
  });

  it('when a second version is added, then both are listed; a duplicate is 409', async () => {
    await h.call('crmOwner', 'POST', '/v1/servers', registerBody());
    const v2 = {
      version: '2.0.0',
      url: 'https://crm.example.com/v2/mcp',
      transport: 'streamable-http',
    };

    const created = await h.call('crmOwner', 'POST', '/v1/servers/crm/versions', v2);
    const dup = await h.call('crmOwner', 'POST', '/v1/servers/crm/versions', v2);
    const ssrf = await h.call('crmOwner', 'POST', '/v1/servers/crm/versions', {
      ...v2,
      version: '3.0.0',
      url: 'http://[::1]/',
    });
    const list = await h.call('reviewer', 'GET', '/v1/servers/crm/versions');

    expect(created.status).toBe(201);
    expect(dup.status).toBe(409);
    expect(ssrf.status).toBe(400);
    expect(list.body.items.map((v: { version: string }) => v.version)).toEqual(['1.0.0', '2.0.0']);
    expect((await h.call('reviewer', 'GET', '/v1/servers/nope/versions/1.0.0')).status).toBe(404);
  });
});
