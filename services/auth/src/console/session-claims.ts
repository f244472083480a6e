import { parseGroups } from '@mcpgw/identity';
import type { GroupScopes } from '../roles/group-scopes.js';
import { rolesForGroups } from '../roles/group-roles.js';
import type { CompletedLogin } from './console-oidc.js';
import type { NewSession } from '../sessions/session-service.js';

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The session of a completed login: who the user is and what their groups make them. */
export function sessionFromLogin(
  login: CompletedLogin,
  groupScopes: GroupScopes,
  now: number,
): NewSession {
  const { claims } = login;
  const subject = text(claims.sub) ?? '';
  const groups = parseGroups(claims);
  const username = text(claims.preferred_username) ?? subject;
  return {
    subject,
    username,
    name: text(claims.name) ?? username,
    groups,
    roles: rolesForGroups(groups),
    scopes: groupScopes.scopesFor(groups),
    idToken: login.idToken,
    accessToken: login.accessToken,
    accessTokenExpiresAt: now + login.expiresInSeconds * 1000,
  };
}
