import { appError } from '@mcpgw/errors';
import { hasRole, type Actor } from '../model/actor.js';
import type { TransitionRule } from '../model/lifecycle.js';
import type { Server } from '../model/server.js';
import { isServerOwner } from '../servers/server-access.js';

/** Whether the actor fills one of the rule's roles (`owner` = member of the owner team). */
function fillsRole(actor: Actor, rule: TransitionRule, owner: boolean): boolean {
  return rule.actors.some((role) => (role === 'owner' ? owner : hasRole(actor, role)));
}

/**
 * Role check of one lifecycle action. `forbidOwner` wins over any role: an owner who is also a
 * security reviewer still may not review or approve their own team's server.
 */
export function authorizeTransition(actor: Actor, rule: TransitionRule, server: Server): void {
  const owner = isServerOwner(actor, server);
  if (rule.forbidOwner && owner) {
    throw appError(
      'FORBIDDEN',
      `A member of the ${server.ownerTeam} team may not ${rule.action} its own server.`,
      {
        details: { action: rule.action, ownerTeam: server.ownerTeam },
      },
    );
  }
  if (!fillsRole(actor, rule, owner)) {
    throw appError(
      'FORBIDDEN',
      `The action ${rule.action} needs one of: ${rule.actors.join(', ')}.`,
      {
        details: { action: rule.action, actors: rule.actors },
      },
    );
  }
}
