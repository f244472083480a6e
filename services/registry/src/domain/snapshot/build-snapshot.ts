import type { GatewaySnapshot, SnapshotServer } from '@mcpgw/snapshot';
import type { Agent } from '../model/agent.js';
import type { HealthRecord } from '../model/health.js';
import type { Environment } from '../model/lifecycle.js';
import type { PolicyRecord } from '../model/policy-record.js';
import type { Scope } from '../model/scope.js';
import type { Server } from '../model/server.js';
import type { ServerVersion } from '../model/server-version.js';
import type { RegistryContext } from '../registry-context.js';
import { compareVersions } from './compare-versions.js';
import { isServedIn } from './served-versions.js';
import { NO_MEMO, type SanitizeMemo } from './sanitize-memo.js';
import { toSnapshotDefinitions } from './snapshot-definitions.js';

const LIVE_STATUSES = ['approved_dev', 'approved_prod', 'deprecated'] as const;

/** Everything a gateway of `environment` needs, read from the store in one pass per collection. */
export async function buildSnapshot(
  ctx: RegistryContext,
  environment: Environment,
  memo: SanitizeMemo = NO_MEMO,
): Promise<GatewaySnapshot> {
  const now = ctx.clock.now();
  const [servers, versions, health, scopes, policies, agents] = await Promise.all([
    ctx.store.collection<Server>('servers').scan(),
    ctx.store
      .collection<ServerVersion>('server_versions')
      .scan({ status: { in: [...LIVE_STATUSES] } }),
    ctx.store.collection<HealthRecord>('health').scan(),
    ctx.store.collection<Scope>('scopes').scan(),
    ctx.store.collection<PolicyRecord>('policies').scan(),
    ctx.store.collection<Agent>('agents').scan(),
  ]);
  const served = groupByServer(versions.filter((v) => isServedIn(v, environment, now)));
  const healthById = new Map(health.map((record) => [record.id, record]));
  return {
    schemaVersion: 1,
    environment,
    generatedAt: now.toISOString(),
    servers: servers.flatMap((server) => {
      const own = served.get(server.id);
      return own ? [snapshotServer(server, own, healthById, memo)] : [];
    }),
    scopes: scopes.map((scope) => ({ id: scope.id, description: scope.description })),
    policies: policies
      .map((record) => record.rule as Record<string, unknown> & { id: string })
      .filter((rule) => rule.enabled !== false),
    agents: agents.map((agent) => ({
      id: agent.id,
      status: agent.status,
      grantedScopes: [...agent.grantedScopes],
      versionPins: { ...agent.versionPins },
      environments: [...agent.environments],
    })),
  };
}

function groupByServer(versions: readonly ServerVersion[]): Map<string, ServerVersion[]> {
  const byServer = new Map<string, ServerVersion[]>();
  for (const version of versions) {
    const list = byServer.get(version.serverId) ?? [];
    list.push(version);
    byServer.set(version.serverId, list);
  }
  return byServer;
}

function snapshotServer(
  server: Server,
  versions: ServerVersion[],
  health: ReadonlyMap<string, HealthRecord>,
  memo: SanitizeMemo,
): SnapshotServer {
  // Newest first, so defaultVersion is the first entry and gateways can read them in order.
  const sorted = [...versions].sort((a, b) => compareVersions(b.version, a.version));
  const newest = sorted[0]!;
  const record = health.get(newest.id);
  return {
    id: server.id,
    name: server.name,
    description: server.description,
    riskLevel: server.riskLevel,
    dataClassification: server.dataClassification,
    credentialRefs: server.credentialRefs.map((ref) => ({ ...ref })),
    ...(server.onBehalfOfAudience === undefined
      ? {}
      : { onBehalfOfAudience: server.onBehalfOfAudience }),
    health: {
      status: record?.status ?? 'unknown',
      ...(record?.lastCheckedAt === undefined ? {} : { lastCheckedAt: record.lastCheckedAt }),
    },
    defaultVersion: newest.version,
    versions: sorted.map((version) => ({
      version: version.version,
      url: version.url,
      transport: version.transport,
      status: version.status as 'approved_dev' | 'approved_prod' | 'deprecated',
      ...(version.retireAt === undefined ? {} : { retireAt: version.retireAt }),
      ...toSnapshotDefinitions(version, memo),
    })),
  };
}
