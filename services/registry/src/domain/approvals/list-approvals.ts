import type { Actor } from '../model/actor.js';
import type { Approval, ApprovalStatus } from '../model/approval.js';
import type { Page } from '../ports/document-store.js';
import type { RegistryContext } from '../registry-context.js';
import { expireDueApprovals } from './expire-approval.js';

export interface ListApprovalsQuery {
  readonly status?: ApprovalStatus | undefined;
  readonly limit: number;
  readonly cursor?: string | undefined;
}

/** Approvals newest first; overdue pending ones are expired first so `pending` means actionable. */
export async function listApprovals(
  ctx: RegistryContext,
  actor: Actor,
  query: ListApprovalsQuery,
): Promise<Page<Approval>> {
  await expireDueApprovals(ctx, actor);
  return ctx.store
    .collection<Approval>('approvals')
    .page(query.status === undefined ? {} : { status: query.status }, {
      limit: query.limit,
      sort: { field: 'createdAt', direction: -1 },
      ...(query.cursor === undefined ? {} : { cursor: query.cursor }),
    });
}
