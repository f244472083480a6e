import type { LifecycleAction } from '../model/lifecycle.js';
import type { ServerVersion } from '../model/server-version.js';
import { transitionRule } from '../model/lifecycle.js';

export interface TransitionInput {
  readonly action: LifecycleAction;
  readonly reason: string;
  readonly retireAt?: string | undefined;
}

function approvedFor(
  version: ServerVersion,
  action: LifecycleAction,
): ServerVersion['approvedFor'] {
  if (action === 'approve_dev') return ['dev'];
  // A prod approval implies dev (a prod gateway is stricter, not different).
  if (action === 'approve_prod') return ['dev', 'prod'];
  return version.approvedFor;
}

/** The version after an (already authorized and validated) transition. Pure. */
export function applyTransition(
  version: ServerVersion,
  input: TransitionInput,
  by: string,
  at: string,
): ServerVersion {
  const rule = transitionRule(input.action);
  const approving = input.action === 'approve_dev' || input.action === 'approve_prod';
  return {
    ...version,
    status: rule.to,
    approvedFor: approvedFor(version, input.action),
    // Approval pins what the reviewer saw; the gateway accepts nothing else.
    definitions: approving
      ? version.definitions.map((d) => ({ ...d, pinnedHash: d.hash }))
      : version.definitions,
    ...(input.action === 'deprecate' && input.retireAt ? { retireAt: input.retireAt } : {}),
    history: [
      ...version.history,
      {
        action: input.action,
        from: version.status,
        to: rule.to,
        actor: by,
        reason: input.reason,
        at,
      },
    ],
    updatedAt: at,
  };
}
