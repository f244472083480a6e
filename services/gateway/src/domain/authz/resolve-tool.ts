import { isVisible } from '@mcpgw/policy';
import { parseExposedName } from '../mcp/name-mapping.js';
import type { RequestScope } from '../mcp/request-scope.js';
import { resolveVersion } from '../serving/resolve-version.js';
import type { ServingTool } from '../serving/serving-types.js';

export type ToolResolution =
  | { kind: 'hidden' }
  | { kind: 'insufficient_scope'; tool: ServingTool; missingScopes: string[] }
  | { kind: 'callable'; tool: ServingTool };

/**
 * Finds the tool a call names and whether this principal may know it exists. A principal holding
 * none of a tool's scopes, or one a policy hides, gets `hidden` — answered exactly like an
 * unknown tool. One holding some but not all scopes gets `insufficient_scope`, the step-up case
 * where a 403 naming the missing scopes helps a legitimate agent and reveals nothing new.
 */
export function resolveToolForCall(scope: RequestScope, exposed: string): ToolResolution {
  const tool = lookupTool(scope, exposed);
  if (tool === undefined) return { kind: 'hidden' };
  const held = new Set(scope.principal.scopes);
  const missingScopes = tool.requiredScopes.filter((s) => !held.has(s));
  if (missingScopes.length > 0) {
    const holdsSome = missingScopes.length < tool.requiredScopes.length;
    return holdsSome ? { kind: 'insufficient_scope', tool, missingScopes } : { kind: 'hidden' };
  }
  const context = { environment: scope.state.environment, now: scope.now };
  if (!isVisible(scope.state.policies, scope.principal, tool.policyTarget, context)) {
    return { kind: 'hidden' };
  }
  return { kind: 'callable', tool };
}

function lookupTool(scope: RequestScope, exposed: string): ServingTool | undefined {
  const parsed = parseExposedName(scope.serverFilter, exposed);
  if (parsed === undefined) return undefined;
  const server = scope.state.servers.get(parsed.serverId);
  if (server === undefined) return undefined;
  return resolveVersion(scope.state, server, scope.agentId)?.tools.get(parsed.name);
}
