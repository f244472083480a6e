import type { ServingItem } from '../serving/serving-types.js';
import {
  authorizeItem,
  findPrompt,
  findResource,
  findResourceTemplate,
  notFound,
} from './find-item.js';
import { forwardToUpstream, type ForwardDeps } from './forward-to-upstream.js';
import { GatewayRpcError, RPC, unknownPrompt, unknownResource } from './gateway-rpc-error.js';
import type { RequestScope } from './request-scope.js';

type Json = Record<string, unknown>;

/**
 * `completion/complete` for a prompt argument or a resource template variable. Authorized like
 * the request the completion prepares (prompts/get, resources/read): the referenced item must be
 * visible — a hidden or unknown one is answered exactly like an unknown prompt or resource — and
 * the policy must allow it, judged on the arguments already chosen (`context.arguments`), never
 * on the partial value being completed. The upstream gets its own prompt name, resource URI or
 * URI template.
 */
export async function complete(
  deps: ForwardDeps,
  scope: RequestScope,
  params: Json,
  signal: AbortSignal,
): Promise<Json> {
  const ref = isObject(params['ref']) ? params['ref'] : {};
  const argument = isObject(params['argument']) ? params['argument'] : {};
  const context = isObject(params['context']) ? params['context'] : undefined;
  const chosen = isObject(context?.['arguments']) ? context['arguments'] : {};
  const target = resolveRef(scope, ref, chosen);
  const upstreamParams = {
    ref: target.ref,
    argument: { name: String(argument['name'] ?? ''), value: String(argument['value'] ?? '') },
    ...(context === undefined ? {} : { context }),
  };
  const result = await forwardToUpstream(
    deps,
    scope,
    target.item.route,
    'completion/complete',
    upstreamParams,
    signal,
  );
  scope.record.outcome = 'success';
  return result;
}

function resolveRef(
  scope: RequestScope,
  ref: Json,
  chosen: Json,
): { item: ServingItem; ref: Json } {
  if (ref['type'] === 'ref/prompt') {
    const requested = typeof ref['name'] === 'string' ? ref['name'] : '';
    const item = findPrompt(scope, requested);
    if (item === undefined) throw notFound(scope, unknownPrompt(requested));
    authorizeItem(scope, item, 'prompts/get', chosen);
    return { item, ref: { type: 'ref/prompt', name: item.name } };
  }
  if (ref['type'] === 'ref/resource') {
    const requested = typeof ref['uri'] === 'string' ? ref['uri'] : '';
    // The spec's reference names "the URI or URI template of the resource". A URI expanded
    // from a template resolves to that template (as resources/read would), which is what the
    // upstream completes against.
    const item = findResourceTemplate(scope, requested) ?? findResource(scope, requested)?.item;
    if (item === undefined) throw notFound(scope, unknownResource());
    scope.record.resource = item.name;
    authorizeItem(scope, item, 'resources/read', {});
    return { item, ref: { type: 'ref/resource', uri: item.name } };
  }
  scope.record.outcome = 'failure';
  throw new GatewayRpcError(RPC.INVALID_PARAMS, 'Invalid completion reference');
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
