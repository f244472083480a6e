import { appError } from '@mcpgw/errors';
import type { Actor } from '../model/actor.js';
import { allowedActions, transitionRule } from '../model/lifecycle.js';
import type { ServerVersion } from '../model/server-version.js';
import type { VersionDiscovery } from '../ports/version-discovery.js';
import type { RegistryContext } from '../registry-context.js';
import { loadServerVersion } from '../versions/get-version.js';
import { applyTransition, type TransitionInput } from './apply-transition.js';
import { approvalBlockers } from './approval-blockers.js';
import { authorizeTransition } from './authorize-transition.js';
import { runDiscovery } from './run-discovery.js';

export interface TransitionDeps {
  readonly discovery: VersionDiscovery;
}

function assertPreconditions(version: ServerVersion, input: TransitionInput, now: Date): void {
  const rule = transitionRule(input.action);
  if (!rule.from.includes(version.status)) {
    throw appError('CONFLICT', `Cannot ${input.action} a version that is ${version.status}.`, {
      details: {
        status: version.status,
        action: input.action,
        allowedActions: allowedActions(version.status),
      },
    });
  }
  if (input.action === 'deprecate') {
    const retireAt = input.retireAt === undefined ? NaN : Date.parse(input.retireAt);
    if (!(retireAt > now.getTime())) {
      throw appError('VALIDATION_FAILED', 'deprecate needs retireAt, an ISO date in the future.', {
        details: { issues: [{ path: 'body.retireAt', message: 'required future ISO date' }] },
      });
    }
  }
  if (input.action === 'approve_dev' || input.action === 'approve_prod') {
    const blockers = approvalBlockers(version);
    if (blockers.length > 0) {
      throw appError('CONFLICT', 'The version cannot be approved yet.', {
        details: { status: version.status, action: input.action, blockers },
      });
    }
  }
}

/**
 * Moves a version through the lifecycle of model/lifecycle.ts: role check, transition and
 * approval preconditions, history entry, audit event. `submit` then runs discovery.
 */
export async function transitionVersion(
  ctx: RegistryContext,
  actor: Actor,
  ref: { serverId: string; version: string },
  input: TransitionInput,
  deps: TransitionDeps,
): Promise<ServerVersion> {
  const { server, version } = await loadServerVersion(ctx, ref.serverId, ref.version);
  authorizeTransition(actor, transitionRule(input.action), server);
  const now = ctx.clock.now();
  assertPreconditions(version, input, now);
  const next = applyTransition(version, input, actor.subject, now.toISOString());
  const stored = await ctx.store
    .collection<ServerVersion>('server_versions')
    .replace(next, version.rev);
  await ctx.audit.record({
    action: `version.${input.action}`,
    actor,
    target: { serverId: server.id, versionId: version.id },
    outcome: 'success',
    reasons: [input.reason],
    details: {
      from: version.status,
      to: stored.status,
      ...(input.retireAt ? { retireAt: input.retireAt } : {}),
    },
  });
  ctx.changes.notify('server_versions');
  if (input.action !== 'submit') return stored;
  const discovered = await runDiscovery(ctx, actor, stored, deps.discovery);
  ctx.changes.notify('server_versions');
  return discovered;
}
