import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_TOOLS, startFixtureServer, type FixtureServer } from '@mcpgw/mcp';
import { createVersionDiscovery } from '../../src/domain/discovery/create-version-discovery.js';
import type { HealthRecord } from '../../src/domain/model/health.js';
import { operationsRoutes } from '../../src/http/operations/operations-routes.js';
import { startRegistryHarness, type RegistryHarness } from '../support/registry-harness.js';
import {
  LOOPBACK_POLICY,
  auditActions,
  seedServer,
  seedVersion,
  storedVersion,
} from './operations-seed.js';

const PINNED = `sha256:${'a'.repeat(64)}`;
const LIVE = `sha256:${'b'.repeat(64)}`;

describe('operationsRoutes', () => {
  let h: RegistryHarness;
  let upstream: FixtureServer;

  beforeAll(async () => {
    upstream = await startFixtureServer({ era: 'stateless', tools: SAMPLE_TOOLS });
    h = await startRegistryHarness({
      routes: (ctx) =>
        operationsRoutes(ctx, {
          discovery: createVersionDiscovery(ctx, { netGuard: LOOPBACK_POLICY, timeoutMs: 10_000 }),
        }),
    });
    await seedServer(h.store);
    await seedServer(h.store, { id: 'billing', name: 'Billing', ownerTeam: 'billing' });
    await seedVersion(h.store, { url: upstream.url });
    await seedVersion(h.store, { serverId: 'billing', url: upstream.url });
    await seedVersion(h.store, {
      serverId: 'billing',
      version: '2.0.0',
      url: upstream.url,
      status: 'approved_dev',
      approvedFor: ['dev'],
      definitions: [
        {
          kind: 'tool',
          name: 'charge',
          body: { name: 'charge' },
          hash: PINNED,
          pinnedHash: PINNED,
          findings: [],
          requiredScopes: [],
        },
        {
          kind: 'tool',
          name: 'fresh',
          body: { name: 'fresh' },
          hash: LIVE,
          findings: [],
          requiredScopes: [],
        },
      ],
    });
  });
  afterAll(async () => {
    await h.close();
    await upstream.close();
  });

  describe('POST /v1/servers/:serverId/versions/:version/discover', () => {
    it('when the owner team asks, then answers the version with its discovered tools', async () => {
      const res = await h.call('crmOwner', 'POST', '/v1/servers/crm/versions/1.0.0/discover');

      expect(res.status).toBe(200);
      expect(res.body.discovery.ok).toBe(true);
      expect(res.body.definitions.map((d: { name: string }) => d.name).sort()).toEqual(
        SAMPLE_TOOLS.map((t) => t.name).sort(),
      );
      expect((await storedVersion(h.store, 'crm@1.0.0')).definitions).toHaveLength(
        SAMPLE_TOOLS.length,
      );
    });

    it.each(['reviewer', 'admin'] as const)(
      'when a %s asks for any team, then discovery runs',
      async (persona) => {
        const res = await h.call(persona, 'POST', '/v1/servers/billing/versions/1.0.0/discover');

        expect(res.status).toBe(200);
        expect(res.body.discovery.ok).toBe(true);
      },
    );

    it('when an owner of another team asks, then 403 and the upstream is not contacted', async () => {
      const before = upstream.requests.length;

      const res = await h.call('crmOwner', 'POST', '/v1/servers/billing/versions/1.0.0/discover');

      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('FORBIDDEN');
      expect(upstream.requests.length).toBe(before);
    });

    it.each(['nobody', 'gateway'] as const)('when %s asks, then 403', async (persona) => {
      const res = await h.call(persona, 'POST', '/v1/servers/crm/versions/1.0.0/discover');

      expect(res.status).toBe(403);
    });

    it('when the version does not exist, then 404', async () => {
      const res = await h.call('admin', 'POST', '/v1/servers/crm/versions/9.9.9/discover');

      expect(res.status).toBe(404);
    });
  });

  describe('POST /internal/v1/drift', () => {
    const report = {
      serverId: 'billing',
      version: '2.0.0',
      kind: 'tool',
      name: 'charge',
      liveHash: LIVE,
      reporter: 'gw-1',
    };

    it('when the gateway reports a changed hash, then the tool is flagged once and audited once', async () => {
      const first = await h.call('gateway', 'POST', '/internal/v1/drift', report);
      const repeat = await h.call('gateway', 'POST', '/internal/v1/drift', report);

      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({ drifted: true, recorded: true });
      expect(repeat.body).toMatchObject({ drifted: true, recorded: false });
      const tool = (await storedVersion(h.store, 'billing@2.0.0')).definitions.find(
        (d) => d.name === 'charge',
      );
      expect(tool?.drift).toMatchObject({ liveHash: LIVE, source: 'gateway', reporter: 'gw-1' });
      expect(tool?.hash).toBe(PINNED);
      const events = (await auditActions(h.store)).filter(
        (e) => e.action === 'version.drift_detected' && e.target.versionId === 'billing@2.0.0',
      );
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({
        target: { tool: 'charge' },
        details: { source: 'gateway', reporter: 'gw-1' },
      });
    });

    it('when the reported hash equals the pin, then nothing is flagged', async () => {
      const res = await h.call('gateway', 'POST', '/internal/v1/drift', {
        ...report,
        liveHash: PINNED,
      });

      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ drifted: false, recorded: false });
    });

    it('when the definition is not pinned, then 409', async () => {
      const res = await h.call('gateway', 'POST', '/internal/v1/drift', {
        ...report,
        name: 'fresh',
      });

      expect(res.status).toBe(409);
    });

    it.each([
      ['an unknown server', { serverId: 'nope' }],
      ['an unknown version', { version: '7.0.0' }],
      ['an unknown tool', { name: 'refund' }],
    ])('when it names %s, then 404', async (_label, change) => {
      const res = await h.call('gateway', 'POST', '/internal/v1/drift', { ...report, ...change });

      expect(res.status).toBe(404);
    });

    it.each([
      ['an extra field', { ...report, pinnedHash: LIVE }],
      ['a malformed hash', { ...report, liveHash: 'sha256:xyz' }],
      ['an unknown kind', { ...report, kind: 'widget' }],
      ['a missing reporter', { ...report, reporter: undefined }],
      ['an oversized name', { ...report, name: 'x'.repeat(3000) }],
      ['a path in the server id', { ...report, serverId: '../crm' }],
      ['an array body', [report]],
    ])('when the body has %s, then 400', async (_label, body) => {
      const res = await h.call('gateway', 'POST', '/internal/v1/drift', body);

      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
    });

    it.each(['admin', 'reviewer', 'agent'] as const)(
      'when %s reports, then 403',
      async (persona) => {
        const res = await h.call(persona, 'POST', '/internal/v1/drift', {
          ...report,
          liveHash: `sha256:${'c'.repeat(64)}`,
        });

        expect(res.status).toBe(403);
        const tool = (await storedVersion(h.store, 'billing@2.0.0')).definitions.find(
          (d) => d.name === 'charge',
        );
        expect(tool?.drift?.liveHash).not.toBe(`sha256:${'c'.repeat(64)}`);
      },
    );
  });

  describe('GET /v1/servers/:serverId/health', () => {
    it('when a version was probed, then its status, failures and history are listed; unprobed ones are unknown', async () => {
      const sample = {
        at: '2026-01-01T00:00:00.000Z',
        ok: false,
        latencyMs: 12,
        error: 'connect: timeout',
      };
      await h.store.collection<HealthRecord>('health').insert({
        id: 'billing@2.0.0',
        status: 'unhealthy',
        consecutiveFailures: 3,
        lastCheckedAt: sample.at,
        history: [sample],
      });

      const res = await h.call('auditor', 'GET', '/v1/servers/billing/health');

      expect(res.status).toBe(200);
      const byVersion = Object.fromEntries(
        res.body.versions.map((v: { version: string }) => [v.version, v]),
      );
      expect(byVersion['2.0.0']).toMatchObject({
        status: 'unhealthy',
        consecutiveFailures: 3,
        history: [sample],
      });
      expect(byVersion['1.0.0']).toMatchObject({
        status: 'unknown',
        consecutiveFailures: 0,
        history: [],
      });
    });

    it('when the server does not exist, then 404', async () => {
      expect((await h.call('admin', 'GET', '/v1/servers/nope/health')).status).toBe(404);
    });

    it('when the caller has no registry role, then 403', async () => {
      expect((await h.call('nobody', 'GET', '/v1/servers/billing/health')).status).toBe(403);
    });
  });
});
