import type { HealthRecord, HealthSample } from '../model/health.js';
import type { LifecycleStatus } from '../model/lifecycle.js';
import type { RegistryContext } from '../registry-context.js';
import { listServerVersions, loadServer } from '../servers/get-server.js';

export interface VersionHealth {
  readonly versionId: string;
  readonly version: string;
  readonly lifecycleStatus: LifecycleStatus;
  readonly status: HealthRecord['status'];
  readonly consecutiveFailures: number;
  readonly lastCheckedAt?: string;
  readonly history: readonly HealthSample[];
}

/** Health of every version of a server; never-probed versions read as `unknown`. */
export async function getServerHealth(
  ctx: RegistryContext,
  serverId: string,
): Promise<{ serverId: string; versions: VersionHealth[] }> {
  await loadServer(ctx, serverId);
  const versions = await listServerVersions(ctx, serverId);
  const records = await ctx.store
    .collection<HealthRecord>('health')
    .find({ id: { in: versions.map((v) => v.id) } });
  const byId = new Map(records.map((r) => [r.id, r]));
  return {
    serverId,
    versions: versions.map((v) => {
      const record = byId.get(v.id);
      return {
        versionId: v.id,
        version: v.version,
        lifecycleStatus: v.status,
        status: record?.status ?? 'unknown',
        consecutiveFailures: record?.consecutiveFailures ?? 0,
        ...(record?.lastCheckedAt === undefined ? {} : { lastCheckedAt: record.lastCheckedAt }),
        history: record?.history ?? [],
      };
    }),
  };
}
