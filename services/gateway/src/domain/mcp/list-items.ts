import { isVisible, type ListAction } from '@mcpgw/policy';
import { resolveVersion, serversInScope } from '../serving/resolve-version.js';
import type { ServingItem, ServingVersion } from '../serving/serving-types.js';
import { createListCache } from './list-cache/list-cache.js';
import { exposedName, exposedUri } from './name-mapping.js';
import type { RequestScope } from './request-scope.js';

type Pick = (version: ServingVersion) => Iterable<ServingItem>;

const cache = createListCache();

/**
 * The definitions this principal may use, as pinned. On the aggregated endpoint tools and
 * prompts are renamed `<serverId>__<name>` and resource URIs and URI templates are namespaced
 * `mcpgw://<serverId>/<uri>` (servers may use the same URIs). Served from a per-snapshot cache
 * for the known lists: the result is frozen and shared between requests.
 */
export function listItems(
  scope: RequestScope,
  listAction: ListAction,
  pick: Pick,
): Record<string, unknown>[] {
  const list = LIST_KEYS.get(pick);
  if (list === undefined) return filterItems(scope, listAction, pick);
  // Frozen, not copied: callers only read it (encoders build new objects around it).
  return cache.getOrBuild(scope, `${listAction} ${list}`, () =>
    filterItems(scope, listAction, pick),
  ) as Record<string, unknown>[];
}

function filterItems(
  scope: RequestScope,
  listAction: ListAction,
  pick: Pick,
): Record<string, unknown>[] {
  const context = { environment: scope.state.environment, now: scope.now };
  const out: Record<string, unknown>[] = [];
  for (const server of serversInScope(scope.state, scope.serverFilter)) {
    const version = resolveVersion(scope.state, server, scope.agentId);
    if (version === undefined) continue;
    for (const item of pick(version)) {
      if (!isVisible(scope.state.policies, scope.principal, item.policyTarget, context, listAction))
        continue;
      out.push(present(scope, item));
    }
  }
  return out;
}

function present(scope: RequestScope, item: ServingItem): Record<string, unknown> {
  const { serverFilter } = scope;
  if (item.kind !== 'resource')
    return { ...item.definition, name: exposedName(serverFilter, item.serverId, item.name) };
  // Templates are compiled as resources named by their URI template.
  const key = 'uriTemplate' in item.definition ? 'uriTemplate' : 'uri';
  return { ...item.definition, [key]: exposedUri(serverFilter, item.serverId, item.name) };
}

export const pickTools: Pick = (version) => version.tools.values();
export const pickResources: Pick = (version) => version.resources.values();
export const pickResourceTemplates: Pick = (version) => version.resourceTemplates;
export const pickPrompts: Pick = (version) => version.prompts.values();

const LIST_KEYS = new Map<Pick, string>([
  [pickTools, 'tools'],
  [pickResources, 'resources'],
  [pickResourceTemplates, 'resourceTemplates'],
  [pickPrompts, 'prompts'],
]);
