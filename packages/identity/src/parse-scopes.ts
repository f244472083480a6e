function addAll(into: Set<string>, values: Iterable<unknown>): void {
  for (const value of values) if (typeof value === 'string' && value !== '') into.add(value);
}

/**
 * The scopes a token grants: the OAuth `scope` claim (space-delimited, RFC 8693 §4.2) united with
 * `scp` (an array in Azure AD / Okta tokens, sometimes a string). Order of first appearance.
 */
export function parseScopes(claims: Record<string, unknown>): string[] {
  const scopes = new Set<string>();
  const { scope, scp } = claims;
  if (typeof scope === 'string') addAll(scopes, scope.split(/\s+/));
  if (Array.isArray(scp)) addAll(scopes, scp);
  else if (typeof scp === 'string') addAll(scopes, scp.split(/\s+/));
  return [...scopes];
}

/** Group names from the `groups` claim; Keycloak's full-path form '/a/b' becomes 'a/b'. */
export function parseGroups(claims: Record<string, unknown>): string[] {
  const { groups } = claims;
  if (!Array.isArray(groups)) return [];
  const names = new Set<string>();
  for (const group of groups) {
    if (typeof group !== 'string') continue;
    const name = group.startsWith('/') ? group.slice(1) : group;
    if (name !== '') names.add(name);
  }
  return [...names];
}
