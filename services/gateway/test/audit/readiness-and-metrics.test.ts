import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { registerStateMetrics } from '../../src/data-access/state-metrics.js';
import { createAuditEmitter } from '../../src/domain/audit/audit-emitter.js';
import { auditReadinessCheck } from '../../src/domain/audit/audit-readiness.js';
import { createLimiter } from '../../src/domain/limits/limiter.js';
import { snapshotReadinessCheck } from '../../src/domain/snapshot/snapshot-readiness.js';
import { callInput, fakeClock, recordingLogger, switchableSink } from './support.js';

function emitter(bufferLimit: number) {
  const sink = switchableSink();
  const audit = createAuditEmitter({
    instance: 'gw-m',
    clock: fakeClock(),
    sink,
    stdout: () => undefined,
    logger: recordingLogger(),
    bufferLimit,
  });
  return { audit, sink };
}

describe('auditReadinessCheck', () => {
  it('when the buffer is nearly full, then the check fails with NOT_READY naming the depth', async () => {
    const { audit } = emitter(10);
    for (let i = 0; i < 10; i += 1) audit.emit(callInput(i));

    await expect(auditReadinessCheck(audit).check()).rejects.toMatchObject({
      code: 'NOT_READY',
      message: expect.stringContaining('holds 10 events') as unknown,
    });
    await audit.flush();
    await expect(auditReadinessCheck(audit).check()).resolves.toBeUndefined();
  });
});

describe('snapshotReadinessCheck', () => {
  it('when no snapshot is loaded, then the check fails; once loaded, it passes', async () => {
    let ready = false;
    const check = snapshotReadinessCheck({ isReady: () => ready });

    await expect(check.check()).rejects.toMatchObject({ code: 'NOT_READY' });
    ready = true;
    await expect(check.check()).resolves.toBeUndefined();
  });
});

describe('registerStateMetrics', () => {
  it('when scraped, then depth, snapshot age and limiter rejections by scope are exported', async () => {
    const registry = new Registry();
    const { audit } = emitter(100);
    for (let i = 0; i < 3; i += 1) audit.emit(callInput(i));
    const clock = fakeClock();
    const limiter = createLimiter({ clock, perAgent: { ratePerSec: 1, burst: 1 } });
    const metrics = registerStateMetrics(registry, {
      audit,
      snapshot: {
        ageSeconds: () => 4.5,
        stats: () => ({ polls: 3, failures: 2, consecutiveFailures: 0 }),
      },
      limiter,
    });
    const request = { agentId: 'a', serverId: 's', tool: 't' };

    metrics.recordLimitDecision(limiter.check(request));
    metrics.recordLimitDecision(limiter.check(request));
    const text = await registry.metrics();

    expect(text).toContain('gateway_audit_buffer_depth 3');
    expect(text).toContain('gateway_snapshot_age_seconds 4.5');
    expect(text).toContain('gateway_snapshot_poll_failures 2');
    expect(text).toContain('gateway_limiter_rejections_total{scope="agent"} 1');
    expect(text).toContain('gateway_limiter_tracked_keys 1');
  });
});
