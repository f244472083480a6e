import type { Actor } from '../model/actor.js';
import type { RegistryContext } from '../registry-context.js';
import type { AppliedDiscovery, DiscoveryOutcome } from './apply-discovery.js';

/**
 * `version.discover` for every run, plus `version.drift_detected` when an approved version's
 * upstream changed a pinned definition or listed a new one — only when something is new, so a
 * periodic monitor does not repeat the same event every interval.
 */
export async function recordDiscoveryAudit(
  ctx: RegistryContext,
  actor: Actor,
  applied: AppliedDiscovery,
  outcome: DiscoveryOutcome,
): Promise<void> {
  const { version, merge } = applied;
  const target = { serverId: version.serverId, versionId: version.id };
  const details = outcome.ok
    ? {
        ok: true,
        era: outcome.result.era,
        definitions: outcome.definitions.length,
        findings: outcome.definitions.reduce((sum, d) => sum + d.findings.length, 0),
      }
    : { ok: false, error: outcome.error };
  await ctx.audit.record({
    action: 'version.discover',
    actor,
    target,
    outcome: outcome.ok ? 'success' : 'failure',
    details,
  });
  if (!merge || merge.drifted.length + merge.added.length + merge.restored.length === 0) return;
  await ctx.audit.record({
    action: 'version.drift_detected',
    actor,
    target,
    outcome: 'success',
    details: {
      source: 'registry',
      drifted: merge.drifted,
      added: merge.added,
      restored: merge.restored,
      missing: merge.missing,
    },
  });
}
