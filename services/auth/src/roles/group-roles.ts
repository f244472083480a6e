/** Roles of the console and registry API; `server-owner:<team>` is per team. */
export type Role =
  'platform-admin' | 'security-reviewer' | 'approver' | 'auditor' | `server-owner:${string}`;

const FIXED: Readonly<Record<string, Role>> = Object.freeze({
  'platform-admins': 'platform-admin',
  'security-reviewers': 'security-reviewer',
  approvers: 'approver',
  auditors: 'auditor',
});

// Team names follow the group-name rule of the seed and of post-deploy setup.
const TEAM = /^team-([a-z0-9][a-z0-9-]{0,62})$/;

/** Keycloak sends `/team-crm` when "full group path" is on; nested groups are not roles. */
function groupName(group: string): string | undefined {
  const name = group.startsWith('/') ? group.slice(1) : group;
  return name.includes('/') || name === '' ? undefined : name;
}

/**
 * Fixed group → role mapping. Anything not listed grants nothing: an unknown or oddly shaped
 * group (`team-`, `Team-CRM`, `/x/platform-admins`) never turns into a role.
 */
export function rolesForGroups(groups: readonly string[]): Role[] {
  const roles = new Set<Role>();
  for (const group of groups) {
    const name = groupName(group);
    if (name === undefined) continue;
    const fixed = FIXED[name];
    if (fixed !== undefined) roles.add(fixed);
    const team = TEAM.exec(name)?.[1];
    if (team !== undefined) roles.add(`server-owner:${team}`);
  }
  return [...roles].sort();
}
