import { appError } from '@mcpgw/errors';
import { compilePolicies, type CompiledPolicySet, type Policy } from '@mcpgw/policy';
import { gatewaySnapshotSchema, serializeSnapshot, type GatewaySnapshot } from '@mcpgw/snapshot';
import type { Environment } from '../model/lifecycle.js';
import type { CollectionName } from '../ports/document-store.js';
import type { RegistryContext } from '../registry-context.js';
import { buildSnapshot } from './build-snapshot.js';
import { createRebuilder } from './rebuilder.js';
import { createSanitizeMemo, type SanitizeMemo } from './sanitize-memo.js';

/** One built snapshot with what serving it needs precomputed, so a poll costs a map lookup. */
export interface SnapshotEntry {
  readonly snapshot: GatewaySnapshot;
  readonly json: string;
  readonly etag: string;
  /** Undefined when the stored policies do not compile: readers must then fail closed. */
  readonly policies: CompiledPolicySet | undefined;
}

export interface SnapshotCache {
  /** The environments this cache builds, in configuration order. */
  readonly environments: readonly Environment[];
  /** The current snapshot; waits for the first build after start. */
  get(environment: Environment): Promise<SnapshotEntry>;
  /** Rebuild now (tests and benches); concurrent calls share one build. */
  refresh(): Promise<void>;
  stop(): void;
}

const WATCHED: ReadonlySet<CollectionName> = new Set([
  'servers',
  'server_versions',
  'scopes',
  'policies',
  'agents',
  'health',
]);

/**
 * Keeps one snapshot per environment in memory. Rebuilt shortly after an in-process change
 * notification (debounced, so a burst of writes costs one build) and every `refreshMs`, which
 * picks up writes made by other registry tasks. A build that fails keeps the previous snapshot:
 * gateways keep serving the last good state rather than an empty one.
 */
export function createSnapshotCache(
  ctx: RegistryContext,
  options: { environments: readonly Environment[]; refreshMs: number; debounceMs?: number },
): SnapshotCache {
  const entries = new Map<Environment, SnapshotEntry>();
  const memo = createSanitizeMemo();
  const rebuilder = createRebuilder({
    rebuild: async () => {
      for (const environment of options.environments) {
        const entry = await buildEntry(ctx, environment, memo, entries.get(environment));
        if (entry) entries.set(environment, entry);
      }
      memo.endBuild();
    },
    onError: (error) => ctx.logger.error('snapshot rebuild failed', { error: String(error) }),
    refreshMs: options.refreshMs,
    debounceMs: options.debounceMs ?? 50,
  });
  const unsubscribe = ctx.changes.subscribe((collection) => {
    if (WATCHED.has(collection)) rebuilder.schedule();
  });
  const first = rebuilder.refresh();
  return {
    environments: [...options.environments],
    async get(environment) {
      if (!options.environments.includes(environment)) {
        throw appError(
          'VALIDATION_FAILED',
          `This registry builds no snapshot for "${environment}".`,
          {
            details: { environments: [...options.environments] },
          },
        );
      }
      if (!entries.has(environment)) await first;
      const entry = entries.get(environment);
      if (!entry) throw appError('NOT_READY', `The ${environment} snapshot is not built yet.`);
      return entry;
    },
    refresh: () => rebuilder.refresh(),
    stop() {
      unsubscribe();
      rebuilder.stop();
    },
  };
}

async function buildEntry(
  ctx: RegistryContext,
  environment: Environment,
  memo: SanitizeMemo,
  previous: SnapshotEntry | undefined,
): Promise<SnapshotEntry | undefined> {
  const snapshot = await buildSnapshot(ctx, environment, memo);
  const serialized = serializeSnapshot(snapshot);
  // Most periodic rebuilds change nothing: keep the entry already checked and compiled.
  if (previous && previous.etag === serialized.etag) return previous;
  // The gateway validates with the same schema; publishing one it would reject would freeze
  // every gateway on its previous snapshot without anyone noticing here.
  const check = gatewaySnapshotSchema.safeParse(snapshot);
  if (!check.success) {
    ctx.logger.error('snapshot failed its own schema; keeping the previous one', {
      environment,
      issues: check.error.issues.slice(0, 5).map((i) => `${i.path.join('.')}: ${i.message}`),
    });
    return undefined;
  }
  return { snapshot, ...serialized, policies: compileSnapshotPolicies(ctx, snapshot) };
}

function compileSnapshotPolicies(
  ctx: RegistryContext,
  snapshot: GatewaySnapshot,
): CompiledPolicySet | undefined {
  try {
    return compilePolicies(snapshot.policies as unknown as Policy[]);
  } catch (error) {
    ctx.logger.error('stored policies do not compile; discovery shows nothing', {
      error: String(error),
    });
    return undefined;
  }
}
