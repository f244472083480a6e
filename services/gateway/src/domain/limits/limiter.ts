import { createBoundedMap, type BoundedMap } from './bounded-map.js';
import { createDailyUsage, secondsUntilUtcMidnight, type UsageReport } from './daily-usage.js';
import {
  fullBucket,
  refill,
  secondsUntilToken,
  type Bucket,
  type RateLimit,
} from './token-bucket.js';

export type LimitScope = 'agent' | 'agent_tool' | 'server' | 'daily_quota';

export type LimitDecision =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly scope: LimitScope; readonly retryAfterSeconds: number };

/** Keys come from the verified token and the resolved route, never from request headers. */
export interface LimitRequest {
  readonly agentId: string;
  readonly team?: string;
  readonly serverId: string;
  readonly tool: string;
}

export interface LimiterOptions {
  readonly clock: { now(): Date };
  readonly perAgent?: RateLimit;
  readonly perAgentTool?: RateLimit;
  readonly perServer?: RateLimit;
  /** Allowed calls per agent per UTC day. */
  readonly dailyQuotaPerAgent?: number;
  /** Cost of one call, added to the agent's and team's totals. Default 1. */
  readonly costWeights?: (serverId: string, tool: string) => number;
  /** Cap on tracked keys per table; least recently used go first. Default 100,000. */
  readonly maxKeys?: number;
}

export interface Limiter {
  /** Decides and, when allowed, consumes one token from every bucket and one call of quota. */
  check(request: LimitRequest): LimitDecision;
  usage(): UsageReport;
  stats(): { trackedKeys: number; evictions: number };
}

interface Table {
  readonly scope: Exclude<LimitScope, 'daily_quota'>;
  readonly limit: RateLimit;
  readonly buckets: BoundedMap<Bucket>;
  readonly key: (request: LimitRequest) => string;
}

/** In-memory token buckets per agent, agent×tool and server, plus a daily call quota per agent. */
export function createLimiter(options: LimiterOptions): Limiter {
  const maxKeys = options.maxKeys ?? 100_000;
  const tables = buildTables(options, maxKeys);
  const usage = createDailyUsage(maxKeys);

  function bucketFor(table: Table, request: LimitRequest, nowMs: number): Bucket {
    const key = table.key(request);
    let bucket = table.buckets.get(key);
    if (bucket === undefined) {
      bucket = fullBucket(table.limit, nowMs);
      table.buckets.set(key, bucket);
    }
    refill(bucket, table.limit, nowMs);
    return bucket;
  }

  return {
    check(request) {
      const nowMs = options.clock.now().getTime();
      const quota = options.dailyQuotaPerAgent;
      if (quota !== undefined && usage.calls(request.agentId, nowMs) >= quota) {
        return {
          allowed: false,
          scope: 'daily_quota',
          retryAfterSeconds: secondsUntilUtcMidnight(nowMs),
        };
      }
      // Look at every bucket before taking from any, so a refusal costs the caller nothing.
      const buckets = tables.map((table) => ({ table, bucket: bucketFor(table, request, nowMs) }));
      const empty = buckets.find(({ bucket }) => bucket.tokens < 1);
      if (empty !== undefined) {
        const retryAfterSeconds = secondsUntilToken(empty.bucket, empty.table.limit);
        return { allowed: false, scope: empty.table.scope, retryAfterSeconds };
      }
      for (const { bucket } of buckets) bucket.tokens -= 1;
      const cost = options.costWeights?.(request.serverId, request.tool) ?? 1;
      usage.add(request.agentId, request.team, cost, nowMs);
      return { allowed: true };
    },
    usage: () => usage.report(options.clock.now().getTime()),
    stats: () => ({
      trackedKeys: tables.reduce((sum, table) => sum + table.buckets.size, 0),
      evictions: tables.reduce((sum, table) => sum + table.buckets.evictions(), 0),
    }),
  };
}

function buildTables(options: LimiterOptions, maxKeys: number): Table[] {
  const candidates: [Table['scope'], RateLimit | undefined, Table['key']][] = [
    ['agent', options.perAgent, (r) => r.agentId],
    ['agent_tool', options.perAgentTool, (r) => `${r.agentId}\u0000${r.serverId}\u0000${r.tool}`],
    ['server', options.perServer, (r) => r.serverId],
  ];
  return candidates.flatMap(([scope, limit, key]) =>
    limit === undefined ? [] : [{ scope, limit, key, buckets: createBoundedMap<Bucket>(maxKeys) }],
  );
}
