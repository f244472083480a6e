import type { Actor } from '../model/actor.js';
import type { ServerVersion } from '../model/server-version.js';
import type { VersionDiscovery } from '../ports/version-discovery.js';
import type { RegistryContext } from '../registry-context.js';
import { createPeriodicJob, type BackgroundJob } from './periodic-job.js';

/** Who the audit log names for changes the monitor finds. */
export const DRIFT_MONITOR_ACTOR: Actor = Object.freeze({
  subject: 'system:drift-monitor',
  roles: [],
  teams: [],
  scopes: [],
  groups: [],
});

/** Versions whose pins the gateway may be serving: approved ones and deprecated ones until retired. */
const WATCHED_STATUSES = ['approved_dev', 'approved_prod', 'deprecated'] as const;

/** Upper bound on versions per pass so a huge catalog cannot make one pass unbounded. */
const MAX_VERSIONS_PER_PASS = 5_000;

/**
 * Periodic re-discovery of served versions, one at a time (each discovery already holds a
 * connection and a time budget; serial keeps the load on upstreams and on this process flat).
 */
export function createDriftMonitor(
  ctx: RegistryContext,
  discovery: VersionDiscovery,
  options: { readonly intervalMs: number },
): BackgroundJob {
  async function run(): Promise<void> {
    const versions = await ctx.store
      .collection<ServerVersion>('server_versions')
      .find({ status: { in: [...WATCHED_STATUSES] } }, { limit: MAX_VERSIONS_PER_PASS });
    for (const version of versions) {
      try {
        await discovery.discover(version.id, DRIFT_MONITOR_ACTOR);
      } catch (error) {
        ctx.logger.warn('drift re-discovery failed', {
          versionId: version.id,
          error: error instanceof Error ? error.message : String(error),
        });
      }
    }
  }
  return createPeriodicJob({
    name: 'drift monitor',
    intervalMs: options.intervalMs,
    logger: ctx.logger,
    run,
  });
}
