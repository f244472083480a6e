import { Counter, Gauge, type Registry } from 'prom-client';
import type { AuditEmitter } from '../domain/audit/audit-emitter.js';
import type { LimitDecision, Limiter } from '../domain/limits/limiter.js';
import type { SnapshotClientStats } from '../domain/snapshot/snapshot-source.js';

export interface StateMetricsSources {
  readonly audit: Pick<AuditEmitter, 'health'>;
  readonly snapshot: { ageSeconds(): number; stats(): SnapshotClientStats };
  readonly limiter: Pick<Limiter, 'stats'>;
}

/**
 * Gauges read at scrape time from the audit emitter, snapshot client and limiter (nothing is
 * updated on the hot path), plus the limiter rejection counter, which the caller feeds.
 */
export function registerStateMetrics(
  registry: Registry,
  sources: StateMetricsSources,
  prefix = 'gateway_',
): { recordLimitDecision(decision: LimitDecision): void } {
  const gauge = (name: string, help: string, read: () => number): void => {
    new Gauge({
      name: `${prefix}${name}`,
      help,
      registers: [registry],
      collect() {
        this.set(read());
      },
    });
  };
  gauge(
    'audit_buffer_depth',
    'Audit events waiting for the sink.',
    () => sources.audit.health().depth,
  );
  gauge(
    'audit_buffer_oldest_age_seconds',
    'Age of the oldest queued audit event.',
    () => sources.audit.health().oldestAgeMs / 1000,
  );
  gauge(
    'audit_buffer_overflowed',
    'Audit events refused by the full buffer since start (stdout only).',
    () => sources.audit.health().overflowed,
  );
  gauge(
    'snapshot_age_seconds',
    'Seconds since the last successful snapshot poll (+Inf before the first).',
    () => sources.snapshot.ageSeconds(),
  );
  gauge(
    'snapshot_poll_failures',
    'Failed snapshot polls since start.',
    () => sources.snapshot.stats().failures,
  );
  gauge(
    'limiter_tracked_keys',
    'Token buckets held in memory.',
    () => sources.limiter.stats().trackedKeys,
  );
  const rejections = new Counter({
    name: `${prefix}limiter_rejections_total`,
    help: 'Calls refused by the limiter, by scope.',
    labelNames: ['scope'],
    registers: [registry],
  });
  return {
    recordLimitDecision(decision) {
      if (!decision.allowed) rejections.inc({ scope: decision.scope });
    },
  };
}
