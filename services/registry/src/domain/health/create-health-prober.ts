import { guardedFetch, type NetGuardPolicy } from '@mcpgw/net-guard';
import type { HealthRecord } from '../model/health.js';
import { DEFAULT_HEALTH_CHECK, type Server } from '../model/server.js';
import type { ServerVersion } from '../model/server-version.js';
import type { RegistryContext } from '../registry-context.js';
import { createPeriodicJob, type BackgroundJob } from '../drift/periodic-job.js';
import { isProbeDue } from './next-health-record.js';
import { probeVersion } from './probe-version.js';
import { runBounded } from './run-bounded.js';

export interface HealthProberOptions {
  readonly netGuard: NetGuardPolicy;
  /** Interval for a version whose server record is missing; also how often the prober wakes. */
  readonly defaultIntervalMs: number;
  /** Probes in flight at once. */
  readonly concurrency: number;
}

/** The versions a gateway may route to, so the ones whose health matters. */
const SERVED_STATUSES = ['approved_dev', 'approved_prod', 'deprecated'] as const;
const MAX_VERSIONS_PER_PASS = 5_000;

/**
 * Background prober: a real MCP round trip per served version when its server's interval is
 * due, with that server's timeout and failure threshold. Outbound connections go through the
 * SSRF guard like discovery, since a version URL is registrant-controlled.
 */
export function createHealthProber(
  ctx: RegistryContext,
  options: HealthProberOptions,
): BackgroundJob {
  const fetch = guardedFetch(options.netGuard);

  async function run(): Promise<void> {
    const versions = await ctx.store
      .collection<ServerVersion>('server_versions')
      .find({ status: { in: [...SERVED_STATUSES] } }, { limit: MAX_VERSIONS_PER_PASS });
    if (versions.length === 0) return;
    const serverIds = [...new Set(versions.map((v) => v.serverId))];
    const servers = await ctx.store.collection<Server>('servers').find({ id: { in: serverIds } });
    const records = await ctx.store
      .collection<HealthRecord>('health')
      .find({ id: { in: versions.map((v) => v.id) } }, { limit: MAX_VERSIONS_PER_PASS });
    const serverById = new Map(servers.map((s) => [s.id, s]));
    const recordById = new Map(records.map((r) => [r.id, r]));
    const now = ctx.clock.now();
    const due = versions.flatMap((version) => {
      const server = serverById.get(version.serverId);
      const intervalMs = server
        ? server.healthCheck.intervalSeconds * 1000
        : options.defaultIntervalMs;
      const previous = recordById.get(version.id);
      if (!isProbeDue(previous, intervalMs, now)) return [];
      return [{ version, previous, settings: server?.healthCheck ?? DEFAULT_HEALTH_CHECK }];
    });
    await runBounded(due, options.concurrency, async (target) => {
      try {
        await probeVersion(ctx, fetch, target);
      } catch (error) {
        ctx.logger.warn('health probe not stored', {
          versionId: target.version.id,
          error: error instanceof Error ? error.message : String(error),
        });
      }
    });
    if (due.length > 0) ctx.changes.notify('health');
  }

  return createPeriodicJob({
    name: 'health prober',
    intervalMs: options.defaultIntervalMs,
    logger: ctx.logger,
    run,
  });
}
