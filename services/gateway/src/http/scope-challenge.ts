import { resolveToolForCall } from '../domain/authz/resolve-tool.js';
import type { RequestScope } from '../domain/mcp/request-scope.js';
import { insufficientScopeChallenge } from './auth-challenge.js';
import { INVALID_REQUEST } from './json-rpc-reply.js';

export interface ScopeChallenge {
  /** The JSON-RPC error: alone it travels with HTTP 403, in a batch as that element's answer. */
  error: { code: number; message: string; data: unknown };
  /** `WWW-Authenticate: Bearer error="insufficient_scope", scope="…"` (step-up authorization). */
  header: string;
}

/**
 * A `tools/call` of a visible tool needing more scope than the token holds; recorded as a denial.
 * Undefined for anything else (hidden tools are answered like unknown ones, later).
 */
export function scopeChallenge(
  metadataUrl: string,
  scope: RequestScope,
  message: Record<string, unknown>,
): ScopeChallenge | undefined {
  const params = message['params'] as Record<string, unknown> | undefined;
  const name = typeof params?.['name'] === 'string' ? params['name'] : '';
  const resolution = resolveToolForCall(scope, name);
  if (resolution.kind !== 'insufficient_scope') return undefined;
  Object.assign(scope.record, {
    serverId: resolution.tool.serverId,
    tool: resolution.tool.name,
    decision: 'deny',
    outcome: 'denied',
    reasons: [`missing required scopes: ${resolution.missingScopes.join(' ')}`],
  });
  return {
    error: {
      code: INVALID_REQUEST,
      message: 'Insufficient scope',
      data: {
        requiredScopes: resolution.tool.requiredScopes,
        missingScopes: resolution.missingScopes,
      },
    },
    header: insufficientScopeChallenge(metadataUrl, resolution.tool.requiredScopes),
  };
}
