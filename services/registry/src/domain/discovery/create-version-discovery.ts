import { appError, isAppError } from '@mcpgw/errors';
import { discoverUpstream } from '@mcpgw/mcp';
import { guardedFetch, type NetGuardPolicy } from '@mcpgw/net-guard';
import type { Actor } from '../model/actor.js';
import type { ServerVersion } from '../model/server-version.js';
import type { VersionDiscovery } from '../ports/version-discovery.js';
import type { RegistryContext } from '../registry-context.js';
import { applyDiscovery, type AppliedDiscovery, type DiscoveryOutcome } from './apply-discovery.js';
import { buildDefinitions } from './build-definitions.js';
import { discoveryErrorText } from './discovery-error.js';
import { recordDiscoveryAudit } from './record-discovery-audit.js';

export interface VersionDiscoveryOptions {
  /** Checked at connect time for every hop, so DNS rebinding cannot reach a private address. */
  readonly netGuard: NetGuardPolicy;
  /** Budget for the whole discovery of one version. */
  readonly timeoutMs: number;
}

async function loadVersion(ctx: RegistryContext, versionId: string): Promise<ServerVersion> {
  const found = await ctx.store.collection<ServerVersion>('server_versions').get(versionId);
  if (!found) throw appError('NOT_FOUND', `Version ${versionId} was not found.`);
  return found;
}

/**
 * Stores the outcome on the current revision. The upstream is asked once; on a concurrent edit
 * (review, lifecycle) the outcome is re-applied to the fresh revision once, then the conflict
 * surfaces.
 */
async function store(
  ctx: RegistryContext,
  versionId: string,
  outcome: DiscoveryOutcome,
): Promise<AppliedDiscovery> {
  const versions = ctx.store.collection<ServerVersion>('server_versions');
  for (let attempt = 0; ; attempt += 1) {
    const current = await loadVersion(ctx, versionId);
    const applied = applyDiscovery(current, outcome, ctx.clock.now().toISOString());
    try {
      return { ...applied, version: await versions.replace(applied.version, current.rev) };
    } catch (error) {
      if (attempt > 0 || !isAppError(error) || error.code !== 'VERSION_CONFLICT') throw error;
    }
  }
}

/** Connects to the version's upstream over MCP and stores its definitions (see VersionDiscovery). */
export function createVersionDiscovery(
  ctx: RegistryContext,
  options: VersionDiscoveryOptions,
): VersionDiscovery {
  const fetch = guardedFetch(options.netGuard);

  async function ask(version: ServerVersion): Promise<DiscoveryOutcome> {
    try {
      const result = await discoverUpstream({
        url: version.url,
        transport: version.transport,
        timeoutMs: options.timeoutMs,
        fetch,
      });
      return { ok: true, result, definitions: buildDefinitions(result) };
    } catch (error) {
      return { ok: false, error: discoveryErrorText(error) };
    }
  }

  return {
    async discover(versionId: string, actor: Actor): Promise<ServerVersion> {
      const outcome = await ask(await loadVersion(ctx, versionId));
      const applied = await store(ctx, versionId, outcome);
      await recordDiscoveryAudit(ctx, actor, applied, outcome);
      ctx.changes.notify('server_versions');
      return applied.version;
    },
  };
}
