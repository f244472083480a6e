import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RegistryHarness } from '../support/registry-harness.js';
import { act, registerBody, startCatalog } from './catalog-fixtures.js';

describe('GET /v1/servers', () => {
  let h: RegistryHarness;

  beforeAll(async () => {
    ({ h } = await startCatalog());
    for (let i = 0; i < 25; i += 1) {
      const slug = `srv-${String(i).padStart(2, '0')}`;
      const res = await h.call(
        'admin',
        'POST',
        '/v1/servers',
        registerBody({
          slug,
          ownerTeam: i % 2 === 0 ? 'crm' : 'billing',
          tags: i % 5 === 0 ? ['gold'] : [],
          riskLevel: i < 3 ? 'critical' : 'low',
          environments: i % 3 === 0 ? ['prod'] : ['dev'],
        }),
      );
      expect(res.status).toBe(201);
    }
    await act(h, 'admin', 'submit', {}, '/v1/servers/srv-07/versions/1.0.0');
  });
  afterAll(async () => {
    await h.close();
  });

  it('when paging through 25 servers 7 at a time, then every server appears exactly once', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 10; page += 1) {
      const res = await h.call(
        'auditor',
        'GET',
        `/v1/servers?limit=7${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      expect(res.status).toBe(200);
      seen.push(...res.body.items.map((s: { id: string }) => s.id));
      cursor = res.body.nextCursor;
      if (!cursor) break;
    }

    expect(seen).toHaveLength(25);
    expect(new Set(seen).size).toBe(25);
  });

  it('when no limit is given, then 20 items and a cursor come back', async () => {
    const res = await h.call('reviewer', 'GET', '/v1/servers');

    expect(res.body.items).toHaveLength(20);
    expect(res.body.nextCursor).toEqual(expect.any(String));
  });

  it.each([
    ['ownerTeam=billing', 12],
    ['tag=gold', 5],
    ['riskLevel=critical', 3],
    ['environment=prod', 9],
    ['status=submitted', 1],
    ['status=approved_prod', 0],
    ['ownerTeam=crm&riskLevel=critical', 2],
    ['capability=crm', 25],
    ['dataClassification=public', 0],
  ])('when filtering by %s, then %i servers match', async (filter, expected) => {
    const res = await h.call('auditor', 'GET', `/v1/servers?limit=100&${filter}`);

    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(expected);
  });

  it.each([
    'limit=0',
    'limit=101',
    'limit=abc',
    'status=bogus',
    'cursor=not-a-cursor',
    'ownerTeam=../x',
    'unknown=1',
    'tag=a&tag=b',
  ])('when the query is %s, then 400', async (query) => {
    const res = await h.call('auditor', 'GET', `/v1/servers?${query}`);

    expect(res.status).toBe(400);
  });

  it('when an agent or nobody lists servers, then 403', async () => {
    expect((await h.call('agent', 'GET', '/v1/servers')).status).toBe(403);
    expect((await h.call('nobody', 'GET', '/v1/servers')).status).toBe(403);
  });
});
