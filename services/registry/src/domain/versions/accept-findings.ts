import { appError } from '@mcpgw/errors';
import type { Actor } from '../model/actor.js';
import type { ServerVersion } from '../model/server-version.js';
import type { RegistryContext } from '../registry-context.js';
import { assertIndependentReviewer } from '../servers/server-access.js';
import { definitionKey } from './definition-key.js';
import { loadServerVersion } from './get-version.js';
import { assertReviewable, assertRev } from './review-guards.js';

/**
 * A reviewer explicitly accepts the poisoning-scan findings of the current definitions. The
 * acceptance names the definition hashes, so any later change needs a new acceptance.
 */
export async function acceptFindings(
  ctx: RegistryContext,
  actor: Actor,
  ref: { serverId: string; version: string },
  input: { reason: string; rev?: number | undefined },
): Promise<ServerVersion> {
  const { server, version } = await loadServerVersion(ctx, ref.serverId, ref.version);
  assertIndependentReviewer(actor, server);
  assertReviewable(version, 'accept findings');
  assertRev(version, input.rev);
  const flagged = version.definitions.filter(
    (d) => d.findings.length > 0 || (d.drift?.liveFindings?.length ?? 0) > 0,
  );
  if (flagged.length === 0) {
    throw appError('CONFLICT', 'This version has no findings to accept.');
  }
  const at = ctx.clock.now().toISOString();
  const next: ServerVersion = {
    ...version,
    findingsAcceptance: {
      by: actor.subject,
      at,
      reason: input.reason,
      definitionHashes: version.definitions.flatMap((d) =>
        // Drifted definitions' live text is reviewed too, so accepting covers it.
        d.drift?.liveBody ? [d.hash, d.drift.liveHash] : [d.hash],
      ),
    },
    history: [
      ...version.history,
      {
        action: 'accept_findings',
        from: version.status,
        to: version.status,
        actor: actor.subject,
        reason: input.reason,
        at,
      },
    ],
    updatedAt: at,
  };
  const stored = await ctx.store
    .collection<ServerVersion>('server_versions')
    .replace(next, version.rev);
  await ctx.audit.record({
    action: 'version.accept_findings',
    actor,
    target: { serverId: server.id, versionId: version.id },
    outcome: 'success',
    reasons: [input.reason],
    details: { definitions: flagged.map(definitionKey) },
  });
  ctx.changes.notify('server_versions');
  return stored;
}
