import { decide, type Decision } from '@mcpgw/policy';
import { holdForApproval, type ApprovalDeps } from '../approvals/hold-for-approval.js';
import { resolveToolForCall } from '../authz/resolve-tool.js';
import type { OutputValidator } from '../output/output-validator.js';
import type { ServingTool } from '../serving/serving-types.js';
import { argumentDigest } from './argument-digest.js';
import { forwardToUpstream, type ForwardDeps } from './forward-to-upstream.js';
import {
  GatewayRpcError,
  RPC,
  rateLimited,
  rememberHttpReply,
  unknownTool,
} from './gateway-rpc-error.js';
import { withProgress, type ProgressSink } from './progress-relay.js';
import type { RequestScope } from './request-scope.js';

export const DRY_RUN_META_KEY = 'com.mcpgw/dry-run';

export interface CallLimiter {
  check(request: {
    agentId: string;
    serverId: string;
    tool: string;
  }): { allowed: true } | { allowed: false; retryAfterSeconds: number };
}

export interface CallToolDeps extends ForwardDeps, ApprovalDeps {
  limiter?: CallLimiter;
  /** Checks `structuredContent` against the pinned output schema; unset skips the check. */
  outputs?: OutputValidator;
}

/**
 * tools/call: resolve → decide → validate → (dry run | limit → [hold for approval] → forward →
 * check output). Errors that need an HTTP status other than 200 (429 + Retry-After) carry it in
 * `GatewayRpcError.http` and are also remembered against `scope.record` (`httpReplyOf`).
 * `progress` is set when the agent asked for progress: upstream progress is relayed to it.
 */
export async function callTool(
  deps: CallToolDeps,
  scope: RequestScope,
  params: Record<string, unknown>,
  signal: AbortSignal,
  progress?: ProgressSink,
): Promise<Record<string, unknown>> {
  try {
    return await runCall(deps, scope, params, signal, progress);
  } catch (error) {
    rememberHttpReply(scope.record, error);
    throw error;
  }
}

async function runCall(
  deps: CallToolDeps,
  scope: RequestScope,
  params: Record<string, unknown>,
  signal: AbortSignal,
  progress: ProgressSink | undefined,
): Promise<Record<string, unknown>> {
  const requested = typeof params['name'] === 'string' ? params['name'] : '';
  const args = isObject(params['arguments']) ? params['arguments'] : {};
  scope.record.argumentDigest = argumentDigest(args);
  const resolution = resolveToolForCall(scope, requested);
  // The HTTP layer answers insufficient scope with a 403 before we get here; anything left is
  // treated as hidden so no path can tell the two apart.
  if (resolution.kind !== 'callable') {
    scope.record.decision = 'deny';
    scope.record.outcome = 'denied';
    throw unknownTool(requested);
  }
  const tool = resolution.tool;
  scope.record.serverId = tool.serverId;
  scope.record.tool = tool.name;
  const decision = decide(scope.state.policies, scope.principal, 'tools/call', tool.policyTarget, {
    environment: scope.state.environment,
    now: scope.now,
    arguments: args,
  });
  scope.record.decision = decision.effect;
  scope.record.reasons = decision.reasons;
  const validation = tool.validate(args);
  if (isDryRun(params)) return dryRunResult(scope, decision, validation);
  enforceDecision(scope, decision);
  if (!validation.ok) {
    scope.record.outcome = 'failure';
    throw new GatewayRpcError(RPC.INVALID_PARAMS, `Invalid arguments for tool ${requested}`, {
      errors: validation.errors,
    });
  }
  enforceLimit(deps, scope, tool);
  if (decision.effect === 'require_approval') {
    await holdForApproval(deps, scope, tool, decision, args, signal);
  }
  const upstreamParams = { name: tool.name, arguments: args };
  const result = await withProgress(progress, (onProgress) =>
    forwardToUpstream(deps, scope, tool.route, 'tools/call', upstreamParams, signal, {
      retryable: isReadOnly(tool),
      ...(onProgress === undefined ? {} : { onProgress }),
    }),
  );
  checkOutput(deps, scope, tool, result);
  scope.record.outcome = result['isError'] === true ? 'failure' : 'success';
  return result;
}

/** Deny stops here; require_approval goes on to validation and limits, then is held. */
function enforceDecision(scope: RequestScope, decision: Decision): void {
  if (decision.effect !== 'deny') return;
  scope.record.outcome = 'denied';
  throw new GatewayRpcError(RPC.DENIED, 'Call denied by policy', { reasons: decision.reasons });
}

/** Only tools that declare `readOnlyHint: true` may be sent twice. */
function isReadOnly(tool: ServingTool): boolean {
  return tool.policyTarget.annotations?.readOnlyHint === true;
}

/** A result that breaks the pinned output schema is dropped whole, never relayed in part. */
function checkOutput(
  deps: CallToolDeps,
  scope: RequestScope,
  tool: ServingTool,
  result: Record<string, unknown>,
): void {
  const check = deps.outputs?.check(tool, result);
  if (check === undefined || check.ok) return;
  scope.record.outcome = 'failure';
  scope.record.reasons = [...(scope.record.reasons ?? []), 'output schema mismatch'];
  throw new GatewayRpcError(
    RPC.UPSTREAM_OUTPUT_INVALID,
    `Upstream result for tool ${tool.name} does not match its output schema`,
    { errors: check.errors },
  );
}

function enforceLimit(deps: CallToolDeps, scope: RequestScope, tool: ServingTool): void {
  const verdict = deps.limiter?.check({
    agentId: scope.agentId,
    serverId: tool.serverId,
    tool: tool.name,
  });
  if (verdict === undefined || verdict.allowed) return;
  scope.record.outcome = 'denied';
  scope.record.reasons = [...(scope.record.reasons ?? []), 'rate limited'];
  throw rateLimited(verdict.retryAfterSeconds);
}

function dryRunResult(
  scope: RequestScope,
  decision: Decision,
  validation: { ok: boolean; errors: string[] },
): Record<string, unknown> {
  scope.record.dryRun = true;
  scope.record.outcome = 'success';
  const report = {
    dryRun: true,
    decision: decision.effect,
    reasons: decision.reasons,
    arguments: { valid: validation.ok, errors: validation.errors },
  };
  return { content: [{ type: 'text', text: JSON.stringify(report) }], structuredContent: report };
}

function isDryRun(params: Record<string, unknown>): boolean {
  const meta = params['_meta'];
  return isObject(meta) && meta[DRY_RUN_META_KEY] === true;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
