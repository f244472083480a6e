import { callTool, type CallToolDeps } from './call-tool.js';
import {
  listItems,
  pickPrompts,
  pickResources,
  pickResourceTemplates,
  pickTools,
} from './list-items.js';
import { getPrompt, readResource } from './read-item.js';
import type { RequestScope } from './request-scope.js';

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
}

export function createGatewayOperations(deps: CallToolDeps): GatewayOperations {
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
  };
}
