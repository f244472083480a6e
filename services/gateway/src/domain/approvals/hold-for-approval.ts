import type { Decision } from '@mcpgw/policy';
import { GatewayRpcError, RPC, rateLimited } from '../mcp/gateway-rpc-error.js';
import type { RequestScope } from '../mcp/request-scope.js';
import type { ServingTool } from '../serving/serving-types.js';
import type { ApprovalGate, ApprovalOutcome } from './approval-gate.js';

/** The audit port's shape (the gateway's audit emitter satisfies it). */
export interface HeldAuditPort {
  emit(event: {
    action: string;
    actor: { subject: string; clientId?: string };
    target: { serverId?: string; tool?: string };
    decision?: 'allow' | 'deny' | 'require_approval';
    reasons?: readonly string[];
    outcome: 'success' | 'failure' | 'denied' | 'held';
    details?: Record<string, unknown>;
  }): unknown;
}

export interface ApprovalDeps {
  approvals?: ApprovalGate;
  audit?: HeldAuditPort;
}

/** Arguments may be stored with the approval only for these data classifications. */
const ARGUMENTS_ALLOWED = new Set(['public', 'internal']);
const BUSY_RETRY_AFTER_SECONDS = 5;

/**
 * Holds a `require_approval` call until an approver decides. Returns when approved; otherwise
 * throws the JSON-RPC error naming the approval and its outcome. A `held` audit event is
 * emitted as soon as the approval exists; the request's own event records the final outcome.
 */
export async function holdForApproval(
  deps: ApprovalDeps,
  scope: RequestScope,
  tool: ServingTool,
  decision: Decision,
  args: Record<string, unknown>,
  signal: AbortSignal,
): Promise<void> {
  const { record } = scope;
  if (deps.approvals === undefined) {
    record.outcome = 'held';
    throw new GatewayRpcError(RPC.APPROVAL_REQUIRED, 'Approval required for this call', {
      reasons: decision.reasons,
    });
  }
  const classification = tool.policyTarget.dataClassification;
  const request = {
    agentId: scope.agentId,
    subject: scope.principal.subject,
    ...(scope.principal.userId === undefined ? {} : { userId: scope.principal.userId }),
    serverId: tool.serverId,
    tool: tool.name,
    environment: scope.state.environment,
    argumentsDigest: record.argumentDigest ?? '',
    ...(classification !== undefined && ARGUMENTS_ALLOWED.has(classification)
      ? { arguments: args }
      : {}),
    reasons: decision.reasons.map((r) => r.slice(0, 1000)).slice(0, 50),
  };
  const result = await deps.approvals
    .hold(request, signal, (id) => emitHeld(deps, scope, id))
    .catch((error: unknown) => {
      record.outcome = 'failure';
      record.reasons = [...(record.reasons ?? []), 'approval wait cancelled by the agent'];
      throw error;
    });
  if (result.kind === 'busy') {
    record.outcome = 'denied';
    record.reasons = [...(record.reasons ?? []), 'too many calls awaiting approval'];
    throw rateLimited(BUSY_RETRY_AFTER_SECONDS, 'Too many calls awaiting approval');
  }
  if (result.kind === 'unavailable') {
    record.outcome = 'failure';
    throw new GatewayRpcError(RPC.APPROVAL_UNAVAILABLE, 'Approval service unavailable');
  }
  record.reasons = [...(record.reasons ?? []), `approval ${result.id} ${result.outcome}`];
  if (result.outcome === 'approved') return;
  record.outcome = result.outcome === 'timeout' ? 'failure' : 'denied';
  throw outcomeError(result.id, result.outcome);
}

function outcomeError(id: string, outcome: Exclude<ApprovalOutcome, 'approved'>) {
  const data = { approvalId: id, outcome };
  switch (outcome) {
    case 'denied':
      return new GatewayRpcError(RPC.APPROVAL_DENIED, `Approval ${id} was denied`, data);
    case 'expired':
      return new GatewayRpcError(RPC.APPROVAL_EXPIRED, `Approval ${id} expired`, data);
    case 'timeout':
      return new GatewayRpcError(
        RPC.APPROVAL_TIMEOUT,
        `Approval ${id} was not decided in time`,
        data,
      );
  }
}

function emitHeld(deps: ApprovalDeps, scope: RequestScope, id: string): void {
  const { principal, record } = scope;
  deps.audit?.emit({
    action: 'mcp.tools/call',
    actor: {
      subject: principal.subject,
      ...(principal.clientId === undefined ? {} : { clientId: principal.clientId }),
    },
    target: { serverId: record.serverId, tool: record.tool },
    decision: 'require_approval',
    reasons: [...(record.reasons ?? []), `approval ${id} pending`],
    outcome: 'held',
    details: { approvalId: id, argumentDigest: record.argumentDigest },
  });
}
