import { decide, isVisible, type ListAction } from '@mcpgw/policy';
import { resolveVersion } from '../serving/resolve-version.js';
import type { ServingItem, ServingVersion } from '../serving/serving-types.js';
import { GatewayRpcError, RPC } from './gateway-rpc-error.js';
import { parseExposedName, parseExposedUri } from './name-mapping.js';
import type { RequestScope } from './request-scope.js';
import {
  matchResourceTemplate,
  resourceUriProblem,
} from './uri-template/match-resource-template.js';

/**
 * Lookups by the name or URI an agent sent, honouring visibility: an item the principal may not
 * list is not found, so callers answer it exactly like an item that does not exist.
 */
export function findPrompt(scope: RequestScope, exposed: string): ServingItem | undefined {
  const parsed = parseExposedName(scope.serverFilter, exposed);
  const item = parsed && versionOf(scope, parsed.serverId)?.prompts.get(parsed.name);
  return item !== undefined && isItemVisible(scope, item, 'prompts/list') ? item : undefined;
}

/**
 * A readable resource by its exposed URI; `uri` is the upstream's own. A URI listed as a
 * resource is governed by that resource alone — hidden means not found, and no template may
 * reopen it. Any other URI (at most MAX_RESOURCE_URI_CHARS as sent, no control characters) is
 * governed by the first pinned template it is an expansion of, and `item` is that template.
 */
export function findResource(
  scope: RequestScope,
  exposed: string,
): { item: ServingItem; uri: string } | undefined {
  const parsed = parseExposedUri(scope.serverFilter, exposed);
  const version = parsed && versionOf(scope, parsed.serverId);
  if (parsed === undefined || version === undefined) return undefined;
  const item =
    version.resources.get(parsed.uri) ??
    (resourceUriProblem(exposed) === undefined
      ? matchResourceTemplate(version, parsed.uri)
      : undefined);
  if (item === undefined || !isItemVisible(scope, item, 'resources/list')) return undefined;
  return { item, uri: parsed.uri };
}

/** Whether a resource item is a URI template (compiled as a resource named by its template). */
export function isResourceTemplate(item: ServingItem): boolean {
  return item.kind === 'resource' && 'uriTemplate' in item.definition;
}

/** A listed resource template by its exposed URI template. */
export function findResourceTemplate(
  scope: RequestScope,
  exposed: string,
): ServingItem | undefined {
  const parsed = parseExposedUri(scope.serverFilter, exposed);
  const item =
    parsed &&
    versionOf(scope, parsed.serverId)?.resourceTemplates.find((t) => t.name === parsed.uri);
  return item !== undefined && isItemVisible(scope, item, 'resources/list') ? item : undefined;
}

export function isItemVisible(scope: RequestScope, item: ServingItem, list: ListAction): boolean {
  const context = { environment: scope.state.environment, now: scope.now };
  return isVisible(scope.state.policies, scope.principal, item.policyTarget, context, list);
}

/**
 * The policy decision for a visible item; anything but allow refuses (-32003, or -32004 when
 * approval would be required: reads, prompts and completions are not held).
 */
export function authorizeItem(
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

/** Records a refusal of an unknown or hidden item and returns the error to throw. */
export function notFound(scope: RequestScope, error: GatewayRpcError): GatewayRpcError {
  scope.record.decision = 'deny';
  scope.record.outcome = 'denied';
  return error;
}

function versionOf(scope: RequestScope, serverId: string): ServingVersion | undefined {
  if (scope.serverFilter !== undefined && scope.serverFilter !== serverId) return undefined;
  const server = scope.state.servers.get(serverId);
  return server && resolveVersion(scope.state, server, scope.agentId);
}
