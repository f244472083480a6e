import { appError } from '@mcpgw/errors';

export interface GroupGrant {
  scopes?: string[];
  roles?: string[];
}

/** Keys are group names ('agents/crm') or prefix rules ('agents/*': every group below agents/). */
export interface GroupMapping {
  groups: Record<string, GroupGrant>;
}

export interface GroupMapper {
  map(groups: readonly string[]): { scopes: string[]; roles: string[] };
}

interface Rule {
  scopes: readonly string[];
  roles: readonly string[];
}

function keyProblems(key: string): string[] {
  const name = key.startsWith('/') ? key.slice(1) : key;
  if (name === '' || name === '*')
    return [`group '${key}': a rule matching every group is not allowed; list groups explicitly`];
  const star = name.indexOf('*');
  if (star !== -1 && (star !== name.length - 1 || !name.endsWith('/*') || name.length < 3))
    return [`group '${key}': '*' is only allowed as a trailing '/*' after a group path`];
  return [];
}

function grantProblems(key: string, grant: GroupGrant | undefined): string[] {
  if (typeof grant !== 'object' || grant === null) return [`group '${key}': must be an object`];
  const problems: string[] = [];
  for (const field of ['scopes', 'roles'] as const) {
    const values = grant[field];
    if (values === undefined) continue;
    const valid = (v: unknown) => typeof v === 'string' && /^[^\s*]+$/.test(v);
    if (!Array.isArray(values) || !values.every(valid))
      problems.push(`group '${key}': ${field} must be non-empty names without spaces or '*'`);
  }
  return problems;
}

/**
 * Turns a principal's groups into scopes and roles. Roles come only from here, never from the
 * token, so an issuer-side claim cannot make anyone an administrator. Wildcards are limited to
 * explicit prefixes: a catch-all rule would silently grant to every authenticated caller.
 */
export function createGroupMapper(mapping: GroupMapping): GroupMapper {
  const entries = Object.entries(mapping?.groups ?? {});
  const problems = entries.flatMap(([key, grant]) => [
    ...keyProblems(key),
    ...grantProblems(key, grant),
  ]);
  if (problems.length > 0)
    throw appError('CONFIG_INVALID', 'The group mapping is invalid.', { details: { problems } });

  const exact = new Map<string, Rule>();
  const prefixes: Array<{ prefix: string; rule: Rule }> = [];
  for (const [key, grant] of entries) {
    const name = key.startsWith('/') ? key.slice(1) : key;
    const rule = { scopes: [...(grant.scopes ?? [])], roles: [...(grant.roles ?? [])] };
    if (name.endsWith('/*')) prefixes.push({ prefix: name.slice(0, -1), rule });
    else exact.set(name, rule);
  }

  return {
    map(groups) {
      const scopes = new Set<string>();
      const roles = new Set<string>();
      const apply = (rule: Rule) => {
        rule.scopes.forEach((s) => scopes.add(s));
        rule.roles.forEach((r) => roles.add(r));
      };
      for (const group of groups) {
        const rule = exact.get(group);
        if (rule !== undefined) apply(rule);
        for (const p of prefixes) if (group.startsWith(p.prefix)) apply(p.rule);
      }
      return { scopes: [...scopes], roles: [...roles] };
    },
  };
}
