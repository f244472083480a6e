import { appError } from '@mcpgw/errors';
import { createGroupMapper, type GroupMapper } from '@mcpgw/identity';

export interface GroupScopes {
  scopesFor(groups: readonly string[]): string[];
}

function asGroupMapping(raw: unknown): Record<string, { scopes: string[] }> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw appError('CONFIG_INVALID', 'AUTH_GROUP_SCOPES must be a JSON object.');
  const problems: string[] = [];
  const groups: Record<string, { scopes: string[] }> = {};
  for (const [group, scopes] of Object.entries(raw)) {
    if (!Array.isArray(scopes) || !scopes.every((s) => typeof s === 'string'))
      problems.push(`group '${group}': must map to a list of scope names`);
    else groups[group] = { scopes };
  }
  if (problems.length > 0)
    throw appError('CONFIG_INVALID', 'AUTH_GROUP_SCOPES is invalid.', { details: { problems } });
  return groups;
}

/**
 * Group → scope mapping from configuration (JSON `{ "team-crm": ["crm.read"] }`). Validation
 * (no catch-all rule, no wildcard scopes) is the shared mapper's, so the gateway and the auth
 * service read the same mapping the same way.
 */
export function parseGroupScopes(json: string): GroupScopes {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw appError('CONFIG_INVALID', 'AUTH_GROUP_SCOPES is not valid JSON.');
  }
  const mapper: GroupMapper = createGroupMapper({ groups: asGroupMapping(raw) });
  return { scopesFor: (groups) => mapper.map(groups).scopes.sort() };
}
