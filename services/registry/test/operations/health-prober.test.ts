import { afterEach, describe, expect, it } from 'vitest';
import { startFixtureServer, type FixtureServer } from '@mcpgw/mcp';
import { createHealthProber } from '../../src/domain/health/create-health-prober.js';
import { HEALTH_HISTORY_LIMIT, type HealthRecord } from '../../src/domain/model/health.js';
import { createOperationsContext } from './operations-context.js';
import { LOOPBACK_POLICY, auditActions, seedServer, seedVersion } from './operations-seed.js';

describe('createHealthProber', () => {
  let upstream: FixtureServer | undefined;
  afterEach(async () => {
    await upstream?.close();
    upstream = undefined;
  });

  /** A clock the test moves, so "due" is decided without waiting for real intervals. */
  function steppedClock() {
    let now = Date.parse('2026-01-01T00:00:00Z');
    return { now: () => new Date(now), advance: (ms: number) => (now += ms) };
  }

  async function setup(options: { behaviour?: 'hang'; status?: 'approved_dev' | 'draft' } = {}) {
    // A short budget only where the upstream hangs; a first real round trip may take a while.
    const timeoutMs = options.behaviour === 'hang' ? 300 : 5_000;
    const clock = steppedClock();
    const { ctx, notified } = createOperationsContext(clock);
    upstream = await startFixtureServer({
      era: 'session',
      behaviour: options.behaviour ?? 'normal',
    });
    await seedServer(ctx.store, {
      healthCheck: { intervalSeconds: 30, timeoutMs, failureThreshold: 2 },
    });
    await seedVersion(ctx.store, { url: upstream.url, status: options.status ?? 'approved_dev' });
    const prober = createHealthProber(ctx, {
      netGuard: LOOPBACK_POLICY,
      defaultIntervalMs: 60_000,
      concurrency: 4,
    });
    const record = () => ctx.store.collection<HealthRecord>('health').get('crm@1.0.0');
    return { ctx, clock, prober, record, notified };
  }

  it('when a served upstream answers, then its version is healthy and the change audited', async () => {
    const { ctx, prober, record, notified } = await setup();

    await prober.runOnce();

    expect(await record()).toMatchObject({ status: 'healthy', consecutiveFailures: 0 });
    expect((await record())?.history).toHaveLength(1);
    const changes = (await auditActions(ctx.store)).filter((e) => e.action === 'health.changed');
    expect(changes.map((e) => e.details)).toEqual([
      expect.objectContaining({ from: 'unknown', to: 'healthy' }),
    ]);
    expect(notified).toContain('health');
  });

  it('when the interval has not passed, then the version is not probed again', async () => {
    const { prober, record, clock } = await setup();
    await prober.runOnce();
    clock.advance(10_000);

    await prober.runOnce();

    expect((await record())?.history).toHaveLength(1);
  });

  it('when the upstream hangs, then failures count up and it turns unhealthy at the threshold', async () => {
    const { ctx, prober, record, clock } = await setup({ behaviour: 'hang' });

    await prober.runOnce();
    const first = await record();
    clock.advance(30_000);
    await prober.runOnce();

    expect(first).toMatchObject({ status: 'unknown', consecutiveFailures: 1 });
    expect(await record()).toMatchObject({ status: 'unhealthy', consecutiveFailures: 2 });
    expect((await record())?.history[0]?.ok).toBe(false);
    const changes = (await auditActions(ctx.store)).filter((e) => e.action === 'health.changed');
    expect(changes).toHaveLength(1);
    expect(changes[0]?.details).toMatchObject({ from: 'unknown', to: 'unhealthy' });
  });

  it('when it has been probed more often than the history limit, then history keeps the newest samples', async () => {
    const { ctx, prober, record, clock } = await setup();
    const health = ctx.store.collection<HealthRecord>('health');
    const old = Array.from({ length: HEALTH_HISTORY_LIMIT }, (_, i) => ({
      at: new Date(Date.parse('2025-12-31T00:00:00Z') + i).toISOString(),
      ok: false,
      latencyMs: 1,
    }));
    await health.insert({
      id: 'crm@1.0.0',
      status: 'unhealthy',
      consecutiveFailures: 5,
      history: old,
    });
    clock.advance(1);

    await prober.runOnce();

    const history = (await record())?.history ?? [];
    expect(history).toHaveLength(HEALTH_HISTORY_LIMIT);
    expect(history[0]).toMatchObject({ ok: true, at: clock.now().toISOString() });
    expect(await record()).toMatchObject({ status: 'healthy', consecutiveFailures: 0 });
  });

  it('when a version is not served, then it is not probed', async () => {
    const { prober, record } = await setup({ status: 'draft' });

    await prober.runOnce();

    expect(await record()).toBeUndefined();
    expect(upstream?.requests).toHaveLength(0);
  });
});
