import { appError, isAppError } from '@mcpgw/errors';
import type { Actor } from '../model/actor.js';
import type { Definition, DefinitionKind, ServerVersion } from '../model/server-version.js';
import type { RegistryContext } from '../registry-context.js';
import { versionIdOf } from '../servers/catalog-patterns.js';
import { definitionKey } from '../versions/definition-key.js';

export interface DriftReport {
  readonly serverId: string;
  readonly version: string;
  readonly kind: DefinitionKind;
  readonly name: string;
  readonly liveHash: string;
  /** The gateway instance that saw the change. */
  readonly reporter: string;
}

export interface DriftReportResult {
  /** The live hash differs from the pin. */
  readonly drifted: boolean;
  /** This report changed stored state (false for a repeat: reports are idempotent). */
  readonly recorded: boolean;
  readonly definition: Definition;
}

async function load(ctx: RegistryContext, report: DriftReport) {
  const id = versionIdOf(report.serverId, report.version);
  const version = await ctx.store.collection<ServerVersion>('server_versions').get(id);
  if (!version)
    throw appError('NOT_FOUND', `Version ${report.version} of ${report.serverId} was not found.`);
  const index = version.definitions.findIndex(
    (d) => d.kind === report.kind && d.name === report.name,
  );
  const definition = version.definitions[index];
  if (!definition) throw appError('NOT_FOUND', `No ${report.kind} ${report.name} in ${id}.`);
  if (definition.pinnedHash === undefined) {
    // The gateway only serves pinned definitions; a report on an unpinned one means a stale snapshot.
    throw appError('CONFLICT', `${definitionKey(definition)} of ${id} is not pinned.`);
  }
  return { version, index, definition };
}

/** One read-compare-write attempt; a concurrent edit surfaces as VERSION_CONFLICT. */
async function tryRecord(ctx: RegistryContext, report: DriftReport): Promise<DriftReportResult> {
  const { version, index, definition } = await load(ctx, report);
  if (report.liveHash === definition.pinnedHash)
    return { drifted: false, recorded: false, definition };
  if (definition.drift?.liveHash === report.liveHash)
    return { drifted: true, recorded: false, definition };
  const at = ctx.clock.now().toISOString();
  const drifted: Definition = {
    ...definition,
    drift: {
      detectedAt: at,
      liveHash: report.liveHash,
      source: 'gateway',
      reporter: report.reporter,
    },
  };
  const definitions = version.definitions.map((d, i) => (i === index ? drifted : d));
  await ctx.store
    .collection<ServerVersion>('server_versions')
    .replace({ ...version, definitions, updatedAt: at }, version.rev);
  return { drifted: true, recorded: true, definition: drifted };
}

/**
 * A gateway saw a live definition whose hash differs from the pin: flag it so the next snapshot
 * withholds it everywhere. Repeats of the same live hash change nothing.
 */
export async function reportDrift(
  ctx: RegistryContext,
  actor: Actor,
  report: DriftReport,
): Promise<DriftReportResult> {
  let result: DriftReportResult | undefined;
  for (let attempt = 0; result === undefined; attempt += 1) {
    try {
      result = await tryRecord(ctx, report);
    } catch (error) {
      if (attempt > 0 || !isAppError(error) || error.code !== 'VERSION_CONFLICT') throw error;
    }
  }
  if (!result.recorded) return result;
  await ctx.audit.record({
    action: 'version.drift_detected',
    actor,
    target: {
      serverId: report.serverId,
      versionId: versionIdOf(report.serverId, report.version),
      ...(report.kind === 'tool' ? { tool: report.name } : { resource: report.name }),
    },
    outcome: 'success',
    details: {
      source: 'gateway',
      reporter: report.reporter,
      drifted: [definitionKey(result.definition)],
      liveHash: report.liveHash,
    },
  });
  ctx.changes.notify('server_versions');
  return result;
}
