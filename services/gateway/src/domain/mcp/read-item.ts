import { decide, isVisible } from '@mcpgw/policy';
import { parseExposedName } from './name-mapping.js';
import { resolveVersion, serversInScope } from '../serving/resolve-version.js';
import type { ServingItem } from '../serving/serving-types.js';
import { forwardToUpstream, type ForwardDeps } from './forward-to-upstream.js';
import { GatewayRpcError, RPC, unknownPrompt, unknownResource } from './gateway-rpc-error.js';
import type { RequestScope } from './request-scope.js';

/** resources/read: the first server in scope that serves the URI and lets this principal read it. */
export async function readResource(
  deps: ForwardDeps,
  scope: RequestScope,
  params: Record<string, unknown>,
  signal: AbortSignal,
): Promise<Record<string, unknown>> {
  const uri = typeof params['uri'] === 'string' ? params['uri'] : '';
  const item = serversInScope(scope.state, scope.serverFilter)
    .map((server) => resolveVersion(scope.state, server, scope.agentId)?.resources.get(uri))
    .find((candidate) => candidate !== undefined && visible(scope, candidate, 'resources/list'));
  if (item === undefined) throw deny(scope, unknownResource());
  scope.record.resource = uri;
  authorize(scope, item, 'resources/read', {});
  return forwardToUpstream(deps, scope, item.route, 'resources/read', { uri }, signal);
}

/** prompts/get, with the same naming and visibility rules as tools. */
export async function getPrompt(
  deps: ForwardDeps,
  scope: RequestScope,
  params: Record<string, unknown>,
  signal: AbortSignal,
): Promise<Record<string, unknown>> {
  const requested = typeof params['name'] === 'string' ? params['name'] : '';
  const parsed = parseExposedName(scope.serverFilter, requested);
  const server = parsed && scope.state.servers.get(parsed.serverId);
  const item =
    parsed &&
    server &&
    resolveVersion(scope.state, server, scope.agentId)?.prompts.get(parsed.name);
  if (!item || !visible(scope, item, 'prompts/list')) throw deny(scope, unknownPrompt(requested));
  const args = (params['arguments'] ?? {}) as Record<string, unknown>;
  authorize(scope, item, 'prompts/get', args);
  const upstreamParams = { name: item.name, arguments: args };
  return forwardToUpstream(deps, scope, item.route, 'prompts/get', upstreamParams, signal);
}

function visible(scope: RequestScope, item: ServingItem, list: 'resources/list' | 'prompts/list') {
  const context = { environment: scope.state.environment, now: scope.now };
  return isVisible(scope.state.policies, scope.principal, item.policyTarget, context, list);
}

function authorize(
  scope: RequestScope,
  item: ServingItem,
  action: 'resources/read' | 'prompts/get',
  args: Record<string, unknown>,
): void {
  scope.record.serverId = item.serverId;
  const context = { environment: scope.state.environment, now: scope.now, arguments: args };
  const decision = decide(
    scope.state.policies,
    scope.principal,
    action,
    item.policyTarget,
    context,
  );
  scope.record.decision = decision.effect;
  scope.record.reasons = decision.reasons;
  if (decision.effect === 'allow') return;
  const held = decision.effect === 'require_approval';
  scope.record.outcome = held ? 'held' : 'denied';
  const code = held ? RPC.APPROVAL_REQUIRED : RPC.DENIED;
  throw new GatewayRpcError(code, held ? 'Approval required' : 'Denied by policy', {
    reasons: decision.reasons,
  });
}

function deny(scope: RequestScope, error: GatewayRpcError): GatewayRpcError {
  scope.record.decision = 'deny';
  scope.record.outcome = 'denied';
  return error;
}
