import { appError, isAppError } from '@mcpgw/errors';
import type { Actor } from '../model/actor.js';
import type { Approval } from '../model/approval.js';
import type { RegistryContext } from '../registry-context.js';
import { getApproval } from './expire-approval.js';

export interface ApprovalDecisionInput {
  readonly decision: 'approve' | 'deny';
  readonly reason: string;
}

/** Four eyes: whoever the held call acts for may not release it. */
function assertNotRequester(actor: Actor, approval: Approval): void {
  const { subject, userId } = approval.requester;
  if (actor.subject === subject || actor.subject === userId) {
    throw appError('FORBIDDEN', 'You cannot decide an approval for your own request.');
  }
}

function conflictNotPending(approval: Approval): Error {
  return appError(
    'CONFLICT',
    `The approval is ${approval.status}; only pending ones can be decided.`,
    {
      details: { status: approval.status },
    },
  );
}

/** Approves or denies a pending held call; the gateway learns the outcome when it polls. */
export async function decideApproval(
  ctx: RegistryContext,
  actor: Actor,
  approvalId: string,
  input: ApprovalDecisionInput,
): Promise<Approval> {
  const approval = await getApproval(ctx, actor, approvalId);
  assertNotRequester(actor, approval);
  if (approval.status !== 'pending') throw conflictNotPending(approval);
  const decided: Approval = {
    ...approval,
    status: input.decision === 'approve' ? 'approved' : 'denied',
    decidedBy: actor.subject,
    decidedAt: ctx.clock.now().toISOString(),
    decisionReason: input.reason,
  };
  let stored: Approval;
  try {
    stored = await ctx.store.collection<Approval>('approvals').replace(decided, approval.rev);
  } catch (error) {
    // Two approvers racing: the loser sees the same 409 as a late second decision.
    if (isAppError(error) && error.code === 'VERSION_CONFLICT') {
      throw conflictNotPending(await getApproval(ctx, actor, approvalId));
    }
    throw error;
  }
  await ctx.audit.record({
    action: `approval.${input.decision}`,
    actor,
    target: { serverId: approval.serverId, tool: approval.tool, id: approval.id },
    decision: input.decision === 'approve' ? 'allow' : 'deny',
    reasons: [input.reason],
    outcome: 'success',
    details: { agentId: approval.requester.agentId, requester: approval.requester.subject },
  });
  ctx.changes.notify('approvals');
  return stored;
}
