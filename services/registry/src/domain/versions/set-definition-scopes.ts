import { appError } from '@mcpgw/errors';
import type { Actor } from '../model/actor.js';
import type { Scope } from '../model/scope.js';
import type { ServerVersion } from '../model/server-version.js';
import type { RegistryContext } from '../registry-context.js';
import { assertIndependentReviewer } from '../servers/server-access.js';
import { definitionKey } from './definition-key.js';
import { loadServerVersion } from './get-version.js';
import { assertReviewable, assertRev } from './review-guards.js';

export type ScopeAssignment = Readonly<Record<string, readonly string[]>>;

async function assertKnown(ctx: RegistryContext, version: ServerVersion, scopes: ScopeAssignment) {
  const keys = new Set(version.definitions.map(definitionKey));
  const unknownDefinitions = Object.keys(scopes).filter((key) => !keys.has(key));
  const names = [...new Set(Object.values(scopes).flat())];
  const existing = names.length
    ? await ctx.store
        .collection<Scope>('scopes')
        .find({ id: { in: names } }, { limit: names.length })
    : [];
  const found = new Set(existing.map((s) => s.id));
  const unknownScopes = names.filter((name) => !found.has(name));
  if (unknownDefinitions.length > 0 || unknownScopes.length > 0) {
    throw appError('VALIDATION_FAILED', 'Unknown definitions or scopes.', {
      details: { unknownDefinitions, unknownScopes },
    });
  }
}

/**
 * Sets the scopes a principal needs to see and call each listed definition (others keep
 * theirs). Only scopes of the catalog are accepted, so a typo cannot make a tool uncallable
 * or, worse, callable by a scope nobody governs.
 */
export async function setDefinitionScopes(
  ctx: RegistryContext,
  actor: Actor,
  ref: { serverId: string; version: string },
  input: { scopes: ScopeAssignment; rev: number },
): Promise<ServerVersion> {
  const { server, version } = await loadServerVersion(ctx, ref.serverId, ref.version);
  assertIndependentReviewer(actor, server);
  assertReviewable(version, 'set scopes');
  assertRev(version, input.rev);
  await assertKnown(ctx, version, input.scopes);
  const next: ServerVersion = {
    ...version,
    definitions: version.definitions.map((d) => {
      const scopes = input.scopes[definitionKey(d)];
      return scopes ? { ...d, requiredScopes: [...new Set(scopes)].sort() } : d;
    }),
    updatedAt: ctx.clock.now().toISOString(),
  };
  const stored = await ctx.store
    .collection<ServerVersion>('server_versions')
    .replace(next, version.rev);
  await ctx.audit.record({
    action: 'version.set_scopes',
    actor,
    target: { serverId: server.id, versionId: version.id },
    outcome: 'success',
    details: { scopes: input.scopes },
  });
  ctx.changes.notify('server_versions');
  return stored;
}
