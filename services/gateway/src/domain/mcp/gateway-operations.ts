import { randomBytes } from 'node:crypto';
import { decide, type ListAction } from '@mcpgw/policy';
import { callTool, type CallToolDeps } from './call-tool.js';
import { complete } from './complete.js';
import { findResource } from './find-item.js';
import { GatewayRpcError, RPC } from './gateway-rpc-error.js';
import {
  listItems,
  pickPrompts,
  pickResources,
  pickResourceTemplates,
  pickTools,
} from './list-items.js';
import { createCursorCodec } from './pagination/list-cursor.js';
import { createPaginator, type ListName, type ListPage } from './pagination/paginate.js';
import type { ProgressSink } from './progress-relay.js';
import { getPrompt, readResource } from './read-item.js';
import type { RequestScope } from './request-scope.js';
import { resourceUriProblem } from './uri-template/match-resource-template.js';
import type { ServingItem, UpstreamRoute } from '../serving/serving-types.js';

type Json = Record<string, unknown>;

/**
 * The gateway's MCP operations; the HTTP layer adapts them to the SDK-facing proxy and the fast
 * path calls them directly. List operations take the request's params (for `cursor`) and answer
 * one page; `progress` is set when the agent's request carried a progress token.
 */
export interface GatewayOperations {
  listTools(scope: RequestScope, params?: Json): ListPage;
  callTool(
    scope: RequestScope,
    params: Json,
    signal: AbortSignal,
    progress?: ProgressSink,
  ): Promise<Json>;
  listResources(scope: RequestScope, params?: Json): ListPage;
  listResourceTemplates(scope: RequestScope, params?: Json): ListPage;
  readResource(
    scope: RequestScope,
    params: Json,
    signal: AbortSignal,
    progress?: ProgressSink,
  ): Promise<Json>;
  listPrompts(scope: RequestScope, params?: Json): ListPage;
  getPrompt(
    scope: RequestScope,
    params: Json,
    signal: AbortSignal,
    progress?: ProgressSink,
  ): Promise<Json>;
  complete(scope: RequestScope, params: Json, signal: AbortSignal): Promise<Json>;
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

export interface PaginationSettings {
  /** Items per page of every list. */
  pageSize: number;
  /** HMAC key for cursors; share it between gateway tasks so any of them accepts a cursor. */
  cursorKey: Uint8Array;
}

export interface GatewayOperationsDeps extends CallToolDeps {
  toolsListChanged?: ToolsListChangedSource;
  /** Unset: subscriptions are accepted and authorized but not forwarded upstream. */
  resourceSubscriptions?: ResourceSubscriptionPort;
  /** Unset: pages of 500 under a key generated for this operations object. */
  pagination?: PaginationSettings;
}

export const DEFAULT_PAGE_SIZE = 500;

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
  const pagination = deps.pagination ?? {
    pageSize: DEFAULT_PAGE_SIZE,
    cursorKey: randomBytes(32),
  };
  const paginator = createPaginator({
    pageSize: pagination.pageSize,
    codec: createCursorCodec(pagination.cursorKey),
  });
  const list =
    (name: ListName, action: ListAction, pick: typeof pickTools) =>
    (scope: RequestScope, params: Json = {}): ListPage => {
      const page = paginator.page(scope, name, listItems(scope, action, pick), params['cursor']);
      scope.record.decision = 'allow';
      scope.record.outcome = 'success';
      return page;
    };
  return {
    listTools: list('tools', 'tools/list', pickTools),
    callTool: (scope, params, signal, progress) => callTool(deps, scope, params, signal, progress),
    listResources: list('resources', 'resources/list', pickResources),
    listResourceTemplates: list('resourceTemplates', 'resources/list', pickResourceTemplates),
    readResource: (scope, params, signal, progress) =>
      readResource(deps, scope, params, signal, progress),
    listPrompts: list('prompts', 'prompts/list', pickPrompts),
    getPrompt: (scope, params, signal, progress) =>
      getPrompt(deps, scope, params, signal, progress),
    complete: (scope, params, signal) => complete(deps, scope, params, signal),
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
  // Refused before it is recorded: an oversized or control-character URI never reaches the audit.
  const problem = resourceUriProblem(uri);
  if (problem !== undefined) {
    Object.assign(scope.record, { outcome: 'failure', reasons: [problem] });
    throw new GatewayRpcError(RPC.INVALID_PARAMS, 'Invalid resource URI');
  }
  const found = findResource(scope, uri);
  scope.record.resource = found?.uri ?? uri;
  if (found === undefined) {
    Object.assign(scope.record, {
      decision: 'allow',
      outcome: 'success',
      reasons: ['no readable resource with this URI: acknowledged, not forwarded'],
    });
    return;
  }
  authorizeRead(scope, found.item);
  if (deps.resourceSubscriptions !== undefined) {
    await deps.resourceSubscriptions[change](found.item.route, found.uri, signal);
  }
  scope.record.outcome = 'success';
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
