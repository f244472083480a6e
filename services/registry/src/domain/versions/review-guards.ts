import { appError } from '@mcpgw/errors';
import type { LifecycleStatus } from '../model/lifecycle.js';
import type { ServerVersion } from '../model/server-version.js';

/** Statuses in which reviewers may still adjust findings, scopes and drift. */
export const REVIEWABLE_STATUSES: readonly LifecycleStatus[] = [
  'submitted',
  'in_review',
  'approved_dev',
  'approved_prod',
];

export function assertReviewable(version: ServerVersion, what: string): void {
  if (REVIEWABLE_STATUSES.includes(version.status)) return;
  throw appError('CONFLICT', `Cannot ${what} while the version is ${version.status}.`, {
    details: { status: version.status, allowedStatuses: REVIEWABLE_STATUSES },
  });
}

/** Optional optimistic check for review actions whose body carries `rev`. */
export function assertRev(version: ServerVersion, rev: number | undefined): void {
  if (rev === undefined || rev === version.rev) return;
  throw appError('VERSION_CONFLICT', 'The version was changed by someone else.', {
    details: { expectedRev: rev, currentRev: version.rev },
  });
}
