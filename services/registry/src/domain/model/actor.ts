/**
 * Who is calling the registry, derived from the verified token (identity Principal) by the HTTP
 * layer. Roles come only from the group mapping, never from claims the caller controls.
 * Team ownership is expressed as the role `server-owner:<team>`.
 */
export const ROLES = [
  'platform-admin',
  'security-reviewer',
  'server-owner',
  'approver',
  'auditor',
  'agent',
] as const;
export type Role = (typeof ROLES)[number];

export interface Actor {
  /** Token `sub`. */
  readonly subject: string;
  readonly clientId?: string;
  readonly roles: readonly Role[];
  /** Teams the actor owns servers for (from `server-owner:<team>` roles). */
  readonly teams: readonly string[];
  readonly scopes: readonly string[];
  readonly groups: readonly string[];
}

export function hasRole(actor: Actor, role: Role): boolean {
  return actor.roles.includes(role);
}

export function ownsTeam(actor: Actor, team: string): boolean {
  return actor.teams.includes(team);
}

/** Builds an Actor from identity roles such as `security-reviewer` or `server-owner:crm`. */
export function actorFromRoles(input: {
  subject: string;
  clientId?: string;
  roles: readonly string[];
  scopes: readonly string[];
  groups: readonly string[];
}): Actor {
  const roles = new Set<Role>();
  const teams = new Set<string>();
  for (const raw of input.roles) {
    const [name, team] = raw.split(':', 2);
    if (name === 'server-owner' && team) {
      roles.add('server-owner');
      teams.add(team);
    } else if ((ROLES as readonly string[]).includes(raw)) {
      roles.add(raw as Role);
    }
  }
  return {
    subject: input.subject,
    ...(input.clientId === undefined ? {} : { clientId: input.clientId }),
    roles: [...roles],
    teams: [...teams],
    scopes: [...input.scopes],
    groups: [...input.groups],
  };
}
