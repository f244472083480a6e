import { describe, expect, it } from 'vitest';
import type { HealthRecord } from '../../src/domain/model/health.js';
import type { LifecycleStatus } from '../../src/domain/model/lifecycle.js';
import { buildSnapshot } from '../../src/domain/snapshot/build-snapshot.js';
import {
  FUTURE,
  PAST,
  pinnedTool,
  seedPolicy,
  seedServer,
  seedVersion,
  testContext,
} from './distribution-fixtures.js';

type Row = [LifecycleStatus, ('dev' | 'prod')[], string | undefined, boolean, boolean];

describe('buildSnapshot', () => {
  // status, approvedFor, retireAt, served in dev/staging, served in prod
  const table: Row[] = [
    ['draft', [], undefined, false, false],
    ['submitted', [], undefined, false, false],
    ['in_review', [], undefined, false, false],
    ['rejected', [], undefined, false, false],
    ['approved_dev', ['dev'], undefined, true, false],
    ['approved_prod', ['dev', 'prod'], undefined, true, true],
    ['deprecated', ['dev', 'prod'], FUTURE, true, true],
    ['deprecated', ['dev'], FUTURE, true, false],
    ['deprecated', ['dev', 'prod'], PAST, false, false],
    ['deprecated', ['dev', 'prod'], undefined, false, false],
    ['retired', ['dev', 'prod'], FUTURE, false, false],
  ];

  it.each(table)(
    'when a version is %s approved for %j retiring %s, then dev=%s and prod=%s',
    async (status, approvedFor, retireAt, inDev, inProd) => {
      const ctx = testContext();
      await seedServer(ctx.store, 'crm');
      await seedVersion(ctx.store, 'crm', '1.0.0', status, {
        approvedFor,
        ...(retireAt === undefined ? {} : { retireAt }),
      });
      const served = async (env: 'dev' | 'staging' | 'prod') =>
        (await buildSnapshot(ctx, env)).servers.some((s) => s.id === 'crm');
      expect(await served('dev')).toBe(inDev);
      expect(await served('staging')).toBe(inDev);
      expect(await served('prod')).toBe(inProd);
    },
  );

  it('when definitions are drifted or unpinned, then they are withheld', async () => {
    const ctx = testContext();
    await seedServer(ctx.store, 'crm');
    const drift = { detectedAt: PAST, liveHash: 'sha256:other', source: 'registry' as const };
    const { pinnedHash: _none, ...unpinned } = pinnedTool('unpinned');
    await seedVersion(ctx.store, 'crm', '1.0.0', 'approved_prod', {
      definitions: [pinnedTool('good'), pinnedTool('drifted', { drift }), unpinned],
    });
    const snapshot = await buildSnapshot(ctx, 'prod');
    expect(snapshot.servers[0]!.versions[0]!.tools.map((t) => t.name)).toEqual(['good']);
  });

  it('when a body holds invisible characters, then it is sanitized and the pin is kept', async () => {
    const ctx = testContext();
    await seedServer(ctx.store, 'crm');
    const tool = pinnedTool('get', { pinnedHash: 'sha256:approved' });
    const body = { ...tool.body, description: 'Get\u200B an account' };
    await seedVersion(ctx.store, 'crm', '1.0.0', 'approved_prod', {
      definitions: [{ ...tool, body }],
    });
    const served = (await buildSnapshot(ctx, 'prod')).servers[0]!.versions[0]!.tools[0]!;
    expect(served.description).toBe('Get an account');
    expect(served.pinnedHash).toBe('sha256:approved');
  });

  it('when several versions are served, then the default is the newest by semver', async () => {
    const ctx = testContext();
    await seedServer(ctx.store, 'crm');
    await seedVersion(ctx.store, 'crm', '1.9.0', 'approved_prod');
    await seedVersion(ctx.store, 'crm', '1.10.0', 'approved_prod');
    await seedVersion(ctx.store, 'crm', '2.0.0-beta.1', 'approved_dev');
    const prod = (await buildSnapshot(ctx, 'prod')).servers[0]!;
    const dev = (await buildSnapshot(ctx, 'dev')).servers[0]!;
    expect(prod.defaultVersion).toBe('1.10.0');
    expect(prod.versions.map((v) => v.version)).toEqual(['1.10.0', '1.9.0']);
    expect(dev.defaultVersion).toBe('2.0.0-beta.1');
  });

  it('when health is recorded for the default version, then the server carries it', async () => {
    const ctx = testContext();
    await seedServer(ctx.store, 'crm');
    await seedServer(ctx.store, 'billing');
    await seedVersion(ctx.store, 'crm', '1.0.0', 'approved_prod');
    await seedVersion(ctx.store, 'billing', '1.0.0', 'approved_prod');
    await ctx.store.collection<HealthRecord>('health').insert({
      id: 'crm@1.0.0',
      status: 'unhealthy',
      consecutiveFailures: 3,
      lastCheckedAt: PAST,
      history: [],
    });
    const servers = (await buildSnapshot(ctx, 'prod')).servers;
    expect(servers.find((s) => s.id === 'crm')!.health).toEqual({
      status: 'unhealthy',
      lastCheckedAt: PAST,
    });
    expect(servers.find((s) => s.id === 'billing')!.health).toEqual({ status: 'unknown' });
  });

  it('when a policy is disabled, then only enabled policies are shipped', async () => {
    const ctx = testContext();
    const base = { effect: 'deny', subjects: { agents: ['*'] }, actions: ['*'], targets: ['*/*'] };
    await seedPolicy(ctx.store, { id: 'on', ...base });
    await seedPolicy(ctx.store, { id: 'off', ...base, enabled: false });
    const snapshot = await buildSnapshot(ctx, 'prod');
    expect(snapshot.policies.map((p) => p.id)).toEqual(['on']);
  });
});
