import { decide, isVisible } from '@mcpgw/policy';
import { callTool, type CallToolDeps } from './call-tool.js';
import { GatewayRpcError, RPC } from './gateway-rpc-error.js';
import {
  listItems,
  pickPrompts,
  pickResources,
  pickResourceTemplates,
  pickTools,
} from './list-items.js';
import { getPrompt, readResource } from './read-item.js';
import type { RequestScope } from './request-scope.js';
import { resolveVersion, serversInScope } from '../serving/resolve-version.js';
import type { ServingItem, UpstreamRoute } from '../serving/serving-types.js';

type Json = Record<string, unknown>;

/** The gateway's MCP operations; the HTTP layer adapts them to the SDK-facing proxy. */
export interface GatewayOperations {
  listTools(scope: RequestScope): Json[];
  callTool(scope: RequestScope, params: Json, signal: AbortSignal): Promise<Json>;
  listResources(scope: RequestScope): Json[];
  listResourceTemplates(scope: RequestScope): Json[];
  readResource(scope: RequestScope, params: Json, signal: AbortSignal): Promise<Json>;
  listPrompts(scope: RequestScope): Json[];
  getPrompt(scope: RequestScope, params: Json, signal: AbortSignal): Promise<Json>;
  setLoggingLevel(scope: RequestScope, params: Json): void;
  subscribeResource(scope: RequestScope, params: Json, signal: AbortSignal): Promise<void>;
  unsubscribeResource(scope: RequestScope, params: Json, signal: AbortSignal): Promise<void>;
  /** Listener for "the visible tool set changed"; returns the unsubscribe function. */
  onToolsListChanged(listener: () => void): () => void;
}

/** Fired when the tools agents may see changed (drift withheld one, a new snapshot). */
export interface ToolsListChangedSource {
  subscribe(listener: () => void): () => void;
}

/**
 * Forwards resource subscriptions to the upstream that serves the resource. The adapter owns
 * reference counting: the gateway shares one upstream session among agents, so one agent's
 * unsubscribe must not end another's subscription.
 */
export interface ResourceSubscriptionPort {
  subscribe(route: UpstreamRoute, uri: string, signal: AbortSignal): Promise<void>;
  unsubscribe(route: UpstreamRoute, uri: string, signal: AbortSignal): Promise<void>;
}

export interface GatewayOperationsDeps extends CallToolDeps {
  toolsListChanged?: ToolsListChangedSource;
  /** Unset: subscriptions are accepted and authorized but not forwarded upstream. */
  resourceSubscriptions?: ResourceSubscriptionPort;
}

const LOG_LEVELS = new Set([
  'debug',
  'info',
  'notice',
  'warning',
  'error',
  'critical',
  'alert',
  'emergency',
]);

export function createGatewayOperations(deps: GatewayOperationsDeps): GatewayOperations {
  const listed = (scope: RequestScope, items: Json[]): Json[] => {
    scope.record.decision = 'allow';
    scope.record.outcome = 'success';
    return items;
  };
  return {
    listTools: (scope) => listed(scope, listItems(scope, 'tools/list', pickTools)),
    callTool: (scope, params, signal) => callTool(deps, scope, params, signal),
    listResources: (scope) => listed(scope, listItems(scope, 'resources/list', pickResources)),
    listResourceTemplates: (scope) =>
      listed(scope, listItems(scope, 'resources/list', pickResourceTemplates)),
    readResource: (scope, params, signal) => readResource(deps, scope, params, signal),
    listPrompts: (scope) => listed(scope, listItems(scope, 'prompts/list', pickPrompts)),
    getPrompt: (scope, params, signal) => getPrompt(deps, scope, params, signal),
    setLoggingLevel: (scope, params) => setLoggingLevel(scope, params),
    subscribeResource: (scope, params, signal) =>
      changeSubscription(deps, scope, params, signal, 'subscribe'),
    unsubscribeResource: (scope, params, signal) =>
      changeSubscription(deps, scope, params, signal, 'unsubscribe'),
    onToolsListChanged: (listener) => deps.toolsListChanged?.subscribe(listener) ?? (() => {}),
  };
}

/**
 * `logging/setLevel` is answered by the gateway and not forwarded, on `/mcp` and
 * `/mcp/<id>` alike: upstream sessions are shared by all agents, so one agent's level must not
 * change what another receives, and the gateway relays no upstream `notifications/message`.
 * The level is validated as the spec's enum; the request is audited like any other.
 */
function setLoggingLevel(scope: RequestScope, params: Json): void {
  const level = params['level'];
  if (typeof level !== 'string' || !LOG_LEVELS.has(level)) {
    scope.record.outcome = 'failure';
    throw new GatewayRpcError(RPC.INVALID_PARAMS, 'Invalid log level');
  }
  scope.record.decision = 'allow';
  scope.record.outcome = 'success';
}

/**
 * `resources/subscribe|unsubscribe` (2025 revisions; 2026-07-28 replaced them with
 * `subscriptions/listen`, and the SDK answers them -32601 there). A resource the principal may
 * read is forwarded to its upstream when a subscription port is wired. A URI that is unknown or
 * hidden from the principal is acknowledged without forwarding: no update can ever follow, and
 * answering both cases alike keeps hidden resources from being probed. A visible resource whose
 * read policy denies is refused like resources/read.
 */
async function changeSubscription(
  deps: GatewayOperationsDeps,
  scope: RequestScope,
  params: Json,
  signal: AbortSignal,
  change: 'subscribe' | 'unsubscribe',
): Promise<void> {
  const uri = params['uri'];
  if (typeof uri !== 'string' || uri.length === 0) {
    scope.record.outcome = 'failure';
    throw new GatewayRpcError(RPC.INVALID_PARAMS, 'Invalid resource URI');
  }
  scope.record.resource = uri;
  const item = readableCandidate(scope, uri);
  if (item === undefined) {
    Object.assign(scope.record, {
      decision: 'allow',
      outcome: 'success',
      reasons: ['no readable resource with this URI: acknowledged, not forwarded'],
    });
    return;
  }
  authorizeRead(scope, item);
  if (deps.resourceSubscriptions !== undefined) {
    await deps.resourceSubscriptions[change](item.route, uri, signal);
  }
  scope.record.outcome = 'success';
}

function readableCandidate(scope: RequestScope, uri: string): ServingItem | undefined {
  const context = { environment: scope.state.environment, now: scope.now };
  return serversInScope(scope.state, scope.serverFilter)
    .map((server) => resolveVersion(scope.state, server, scope.agentId)?.resources.get(uri))
    .find(
      (candidate) =>
        candidate !== undefined &&
        isVisible(
          scope.state.policies,
          scope.principal,
          candidate.policyTarget,
          context,
          'resources/list',
        ),
    );
}

function authorizeRead(scope: RequestScope, item: ServingItem): void {
  scope.record.serverId = item.serverId;
  const context = { environment: scope.state.environment, now: scope.now, arguments: {} };
  const decision = decide(
    scope.state.policies,
    scope.principal,
    'resources/read',
    item.policyTarget,
    context,
  );
  scope.record.decision = decision.effect;
  scope.record.reasons = decision.reasons;
  if (decision.effect === 'allow') return;
  // A subscription cannot wait for an approver: anything but allow is a refusal.
  scope.record.outcome = 'denied';
  throw new GatewayRpcError(RPC.DENIED, 'Denied by policy', { reasons: decision.reasons });
}
