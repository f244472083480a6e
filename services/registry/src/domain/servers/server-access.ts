import { appError } from '@mcpgw/errors';
import { hasRole, ownsTeam, type Actor } from '../model/actor.js';
import type { Server } from '../model/server.js';

/** Member of the server's owner team (the route table only knows the bare role). */
export function isServerOwner(actor: Actor, server: Pick<Server, 'ownerTeam'>): boolean {
  return ownsTeam(actor, server.ownerTeam);
}

/** Owners edit their own team's servers; platform admins edit any. */
export function assertCanManage(actor: Actor, server: Pick<Server, 'id' | 'ownerTeam'>): void {
  if (hasRole(actor, 'platform-admin') || isServerOwner(actor, server)) return;
  throw appError(
    'FORBIDDEN',
    `Only the ${server.ownerTeam} team or a platform admin may change this server.`,
    {
      details: { serverId: server.id, ownerTeam: server.ownerTeam },
    },
  );
}

/** Review actions are for security reviewers outside the owner team (no self-approval). */
export function assertIndependentReviewer(
  actor: Actor,
  server: Pick<Server, 'id' | 'ownerTeam'>,
): void {
  if (!hasRole(actor, 'security-reviewer')) {
    throw appError('FORBIDDEN', 'Only a security reviewer may do this.');
  }
  if (isServerOwner(actor, server)) {
    throw appError('FORBIDDEN', 'A member of the owner team may not review its own server.', {
      details: { serverId: server.id, ownerTeam: server.ownerTeam },
    });
  }
}
