import { afterEach, describe, expect, it } from 'vitest';
import { gatewaySnapshotSchema } from '@mcpgw/snapshot';
import type { Scope } from '../../src/domain/model/scope.js';
import {
  PAST,
  seedServer,
  seedVersion,
  startDistribution,
  type Distribution,
} from './distribution-fixtures.js';

describe('GET /internal/v1/snapshot', () => {
  let d: Distribution | undefined;
  afterEach(async () => {
    await d?.close();
    d = undefined;
  });

  const seedCrm = async (store: Distribution['h']['store']) => {
    await seedServer(store, 'crm');
    await seedVersion(store, 'crm', '1.0.0', 'approved_prod');
    await seedServer(store, 'lab');
    await seedVersion(store, 'lab', '0.1.0', 'approved_dev');
  };

  it('when the gateway asks for prod, then answers the prod snapshot with ETag and no-cache', async () => {
    d = await startDistribution(seedCrm);
    const res = await d.h.call('gateway', 'GET', '/internal/v1/snapshot?environment=prod');
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toMatch(/^"sha256-[0-9a-f]{64}"$/);
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(gatewaySnapshotSchema.safeParse(res.body).success).toBe(true);
    expect(res.body.servers.map((s: { id: string }) => s.id)).toEqual(['crm']);
  });

  it('when If-None-Match carries the current ETag, then answers 304 without a body', async () => {
    d = await startDistribution(seedCrm);
    const first = await d.h.call('gateway', 'GET', '/internal/v1/snapshot?environment=dev');
    const etag = first.headers.get('etag')!;
    const res = await fetch(`${d.h.url}/internal/v1/snapshot?environment=dev`, {
      headers: { authorization: `Bearer ${await d.h.token('gateway')}`, 'if-none-match': etag },
    });
    expect(res.status).toBe(304);
    expect(await res.text()).toBe('');
    expect(res.headers.get('etag')).toBe(etag);
  });

  it('when nothing changed, then the ETag is stable; after a change, then it differs', async () => {
    d = await startDistribution(seedCrm);
    const etag = async () =>
      (await d!.h.call('gateway', 'GET', '/internal/v1/snapshot?environment=prod')).headers.get(
        'etag',
      );
    const before = await etag();
    await d.refresh();
    expect(await etag()).toBe(before);
    await d.h.store.collection<Scope>('scopes').insert({
      id: 'crm.read',
      description: 'Read CRM',
      createdBy: 'u-admin',
      createdAt: PAST,
      updatedAt: PAST,
    });
    await d.refresh();
    expect(await etag()).not.toBe(before);
  });

  it('when a change is notified, then the snapshot is rebuilt without an explicit refresh', async () => {
    d = await startDistribution(seedCrm);
    await seedVersion(d.h.store, 'lab', '1.0.0', 'approved_prod');
    d.h.ctx.changes.notify('server_versions');
    const deadline = Date.now() + 2_000;
    let ids: string[] = [];
    while (Date.now() < deadline && !ids.includes('lab')) {
      const res = await d.h.call('gateway', 'GET', '/internal/v1/snapshot?environment=prod');
      ids = res.body.servers.map((s: { id: string }) => s.id);
      if (!ids.includes('lab')) await new Promise((r) => setTimeout(r, 20));
    }
    expect(ids).toEqual(['crm', 'lab']);
  });

  it('when the environment is unknown or not built, then answers 400', async () => {
    d = await startDistribution(seedCrm);
    expect((await d.h.call('gateway', 'GET', '/internal/v1/snapshot?environment=qa')).status).toBe(
      400,
    );
    expect(
      (await d.h.call('gateway', 'GET', '/internal/v1/snapshot?environment=staging')).status,
    ).toBe(400);
  });

  it.each(['admin', 'agent', 'auditor'] as const)(
    'when %s (not the gateway) asks, then answers 403',
    async (persona) => {
      d = await startDistribution(seedCrm);
      const res = await d.h.call(persona, 'GET', '/internal/v1/snapshot?environment=prod');
      expect(res.status).toBe(403);
    },
  );

  it('when a human token carries the gateway client id (azp), then answers 403', async () => {
    d = await startDistribution(seedCrm);
    // A user who logged in through the gateway's client is not the gateway's service account.
    const token = await d.h.issuer.mint({
      sub: 'u-mallory',
      preferred_username: 'mallory',
      azp: 'mcp-gateway',
      groups: ['/platform-admins'],
    });
    const res = await fetch(`${d.h.url}/internal/v1/snapshot?environment=prod`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(403);
  });
});
