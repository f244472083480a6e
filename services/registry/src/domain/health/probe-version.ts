import { probeUpstream } from '@mcpgw/mcp';
import type { HealthRecord, HealthSample } from '../model/health.js';
import type { HealthCheckSettings } from '../model/server.js';
import type { ServerVersion } from '../model/server-version.js';
import type { RegistryContext } from '../registry-context.js';
import { nextHealthRecord } from './next-health-record.js';

const HEALTH_PROBER_ACTOR = { subject: 'system:health-prober', roles: [] };

/** Probes one version, stores its record and audits a status change.  */
export async function probeVersion(
  ctx: RegistryContext,
  fetch: typeof globalThis.fetch,
  target: {
    version: ServerVersion;
    settings: HealthCheckSettings;
    previous: HealthRecord | undefined;
  },
): Promise<void> {
  const { version, settings, previous } = target;
  const result = await probeUpstream({
    url: version.url,
    transport: version.transport,
    timeoutMs: settings.timeoutMs,
    fetch,
  });
  const sample: HealthSample = {
    at: ctx.clock.now().toISOString(),
    ok: result.ok,
    latencyMs: Math.round(result.latencyMs),
    ...(result.error === undefined ? {} : { error: result.error }),
  };
  const next = nextHealthRecord(version.id, previous, sample, settings.failureThreshold);
  const health = ctx.store.collection<HealthRecord>('health');
  // A conflict means another replica probed meanwhile; its sample is as good as ours.
  if (previous) await health.replace({ ...next, rev: previous.rev }, previous.rev);
  else await health.insert(next);
  const from = previous?.status ?? 'unknown';
  if (next.status === from) return;
  await ctx.audit.record({
    action: 'health.changed',
    actor: HEALTH_PROBER_ACTOR,
    target: { serverId: version.serverId, versionId: version.id },
    outcome: 'success',
    details: {
      from,
      to: next.status,
      consecutiveFailures: next.consecutiveFailures,
      ...(sample.error === undefined ? {} : { error: sample.error }),
    },
  });
}
