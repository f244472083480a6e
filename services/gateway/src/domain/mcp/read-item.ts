import {
  authorizeItem,
  findPrompt,
  findResource,
  isResourceTemplate,
  notFound,
} from './find-item.js';
import { forwardToUpstream, type ForwardDeps } from './forward-to-upstream.js';
import { GatewayRpcError, RPC, unknownPrompt, unknownResource } from './gateway-rpc-error.js';
import { exposedUri } from './name-mapping.js';
import { withProgress, type ProgressSink } from './progress-relay.js';
import type { RequestScope } from './request-scope.js';
import { resourceUriProblem } from './uri-template/match-resource-template.js';

type Json = Record<string, unknown>;

/**
 * resources/read by the URI the agent was shown (namespaced on `/mcp`): a listed resource, or a
 * URI expanded from a listed template, which is then authorized as that template. The upstream
 * gets its own URI; on `/mcp` the URIs in the contents are namespaced again, so the agent can
 * read, subscribe or complete with what it got back. The audit names the requested URI.
 */
export async function readResource(
  deps: ForwardDeps,
  scope: RequestScope,
  params: Json,
  signal: AbortSignal,
  progress?: ProgressSink,
): Promise<Json> {
  const requested = typeof params['uri'] === 'string' ? params['uri'] : '';
  const found = findResource(scope, requested);
  if (found === undefined) throw unreadable(scope, requested);
  const { item, uri } = found;
  scope.record.resource = uri;
  try {
    authorizeItem(scope, item, 'resources/read', {});
  } finally {
    if (isResourceTemplate(item)) {
      scope.record.reasons = [...(scope.record.reasons ?? []), `resource template ${item.name}`];
    }
  }
  const result = await withProgress(progress, (onProgress) =>
    forwardToUpstream(deps, scope, item.route, 'resources/read', { uri }, signal, {
      ...(onProgress === undefined ? {} : { onProgress }),
    }),
  );
  scope.record.outcome = 'success';
  return scope.serverFilter === undefined ? namespaceContents(result, item.serverId) : result;
}

/**
 * A URI no template may see (too long, control characters) is invalid input; anything else
 * unreadable — unknown, hidden, not an expansion of a visible template — is one answer.
 */
function unreadable(scope: RequestScope, requested: string): GatewayRpcError {
  const problem = resourceUriProblem(requested);
  if (problem === undefined) return notFound(scope, unknownResource());
  scope.record.outcome = 'failure';
  scope.record.reasons = [problem];
  return new GatewayRpcError(RPC.INVALID_PARAMS, 'Invalid resource URI');
}

/** prompts/get, with the same naming and visibility rules as tools. */
export async function getPrompt(
  deps: ForwardDeps,
  scope: RequestScope,
  params: Json,
  signal: AbortSignal,
  progress?: ProgressSink,
): Promise<Json> {
  const requested = typeof params['name'] === 'string' ? params['name'] : '';
  const item = findPrompt(scope, requested);
  if (item === undefined) throw notFound(scope, unknownPrompt(requested));
  const args = (params['arguments'] ?? {}) as Json;
  authorizeItem(scope, item, 'prompts/get', args);
  const upstreamParams = { name: item.name, arguments: args };
  const result = await withProgress(progress, (onProgress) =>
    forwardToUpstream(deps, scope, item.route, 'prompts/get', upstreamParams, signal, {
      ...(onProgress === undefined ? {} : { onProgress }),
    }),
  );
  scope.record.outcome = 'success';
  return result;
}

function namespaceContents(result: Json, serverId: string): Json {
  const contents = result['contents'];
  if (!Array.isArray(contents)) return result;
  return {
    ...result,
    contents: contents.map((entry: unknown) =>
      isObject(entry) && typeof entry['uri'] === 'string'
        ? { ...entry, uri: exposedUri(undefined, serverId, entry['uri']) }
        : entry,
    ),
  };
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
