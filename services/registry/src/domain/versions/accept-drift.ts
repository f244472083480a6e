import { appError } from '@mcpgw/errors';
import type { Actor } from '../model/actor.js';
import type { Definition, ServerVersion } from '../model/server-version.js';
import type { RegistryContext } from '../registry-context.js';
import { assertIndependentReviewer } from '../servers/server-access.js';
import { definitionKey } from './definition-key.js';
import { loadServerVersion } from './get-version.js';
import { assertReviewable } from './review-guards.js';

/** Why a named definition cannot be re-pinned yet (undefined = it can). */
function driftProblem(version: ServerVersion, def: Definition | undefined): string | undefined {
  if (!def) return 'no such definition';
  if (!def.drift) return 'not drifted';
  // The reviewer must be able to see the new text: the registry's re-discovery stores it in
  // drift.liveBody (a gateway report carries only a hash, so it needs a re-discovery first).
  if (!def.drift.liveBody) return 'the new definition was not re-discovered yet';
  const liveFindings = def.drift.liveFindings ?? [];
  if (
    liveFindings.length > 0 &&
    !version.findingsAcceptance?.definitionHashes.includes(def.drift.liveHash)
  ) {
    return 'the new definition has findings that were not accepted';
  }
  return undefined;
}

/** Re-pins drifted definitions to their re-discovered hash and clears the drift flag. */
export async function acceptDrift(
  ctx: RegistryContext,
  actor: Actor,
  ref: { serverId: string; version: string },
  input: { names: readonly string[]; reason: string },
): Promise<ServerVersion> {
  const { server, version } = await loadServerVersion(ctx, ref.serverId, ref.version);
  assertIndependentReviewer(actor, server);
  assertReviewable(version, 'accept drift');
  const byKey = new Map(version.definitions.map((d) => [definitionKey(d), d]));
  const blockers = input.names
    .map((name) => ({ definition: name, problem: driftProblem(version, byKey.get(name)) }))
    .filter((b) => b.problem !== undefined);
  if (blockers.length > 0) {
    throw appError('CONFLICT', 'Some definitions cannot be re-pinned.', { details: { blockers } });
  }
  const names = new Set(input.names);
  const at = ctx.clock.now().toISOString();
  const next: ServerVersion = {
    ...version,
    definitions: version.definitions.map((d) => {
      if (!names.has(definitionKey(d))) return d;
      const { drift, ...rest } = d;
      if (!drift?.liveBody) return d;
      // Re-pin to the reviewed live text: body, hash and findings all move to the new version.
      return {
        ...rest,
        body: drift.liveBody,
        hash: drift.liveHash,
        findings: drift.liveFindings ?? [],
        pinnedHash: drift.liveHash,
      };
    }),
    history: [
      ...version.history,
      {
        action: 'accept_drift',
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
    action: 'version.accept_drift',
    actor,
    target: { serverId: server.id, versionId: version.id },
    outcome: 'success',
    reasons: [input.reason],
    details: { definitions: [...names] },
  });
  ctx.changes.notify('server_versions');
  return stored;
}
