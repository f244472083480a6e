import { appError, isAppError } from '@mcpgw/errors';
import type { Actor } from '../model/actor.js';
import type { Approval } from '../model/approval.js';
import type { RegistryContext } from '../registry-context.js';

/** Bound for one sweep; the rest are expired lazily when read. */
const SWEEP_LIMIT = 500;

export function isDue(approval: Approval, now: Date): boolean {
  return approval.status === 'pending' && approval.expiresAt <= now.toISOString();
}

/**
 * Persists `expired` for a pending approval past its deadline (no background job needed). If
 * someone else changed it meanwhile (decided or expired it), the stored state wins.
 */
export async function expireIfDue(
  ctx: RegistryContext,
  actor: Actor,
  approval: Approval,
): Promise<Approval> {
  if (!isDue(approval, ctx.clock.now())) return approval;
  const approvals = ctx.store.collection<Approval>('approvals');
  try {
    const stored = await approvals.replace({ ...approval, status: 'expired' }, approval.rev);
    await ctx.audit.record({
      action: 'approval.expire',
      actor,
      target: { serverId: approval.serverId, tool: approval.tool, id: approval.id },
      outcome: 'success',
      details: { expiresAt: approval.expiresAt },
    });
    ctx.changes.notify('approvals');
    return stored;
  } catch (error) {
    if (!isAppError(error) || error.code !== 'VERSION_CONFLICT') throw error;
    return loadApproval(ctx, approval.id);
  }
}

export async function loadApproval(ctx: RegistryContext, approvalId: string): Promise<Approval> {
  const approval = await ctx.store.collection<Approval>('approvals').get(approvalId);
  if (!approval) throw appError('NOT_FOUND', `The approval ${approvalId} does not exist.`);
  return approval;
}

/** Loads an approval with its deadline applied. */
export async function getApproval(
  ctx: RegistryContext,
  actor: Actor,
  approvalId: string,
): Promise<Approval> {
  return expireIfDue(ctx, actor, await loadApproval(ctx, approvalId));
}

/** Expires overdue pending approvals so listings by status tell the truth. */
export async function expireDueApprovals(ctx: RegistryContext, actor: Actor): Promise<void> {
  const due = await ctx.store
    .collection<Approval>('approvals')
    .find(
      { status: 'pending', expiresAt: { lte: ctx.clock.now().toISOString() } },
      { limit: SWEEP_LIMIT },
    );
  for (const approval of due) await expireIfDue(ctx, actor, approval);
}
