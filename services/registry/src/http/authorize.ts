import type { RequestHandler } from 'express';
import { appError } from '@mcpgw/errors';
import { routeAccess } from './route-roles.js';
import { actorOf } from './authenticate.js';

/**
 * Enforces the route's rule from ROUTE_ROLES. Looked up when the route is mounted, so a route
 * without a rule fails the service at start.
 */
export function authorize(
  method: string,
  path: string,
  gatewayClientIds: readonly string[],
): RequestHandler {
  const access = routeAccess(method, path);
  return (_req, res, next) => {
    const actor = actorOf(res);
    if (access === 'authenticated') return next();
    if (access === 'service:gateway') {
      // A service account (client credentials) of a configured gateway client: a human token
      // that happens to carry the gateway's client id as azp does not qualify.
      const isGateway =
        actor.roles.includes('agent') &&
        actor.clientId !== undefined &&
        gatewayClientIds.includes(actor.clientId);
      if (isGateway) return next();
      return next(appError('FORBIDDEN', 'Only the gateway service may call this route.'));
    }
    if (actor.roles.some((role) => access.includes(role))) return next();
    next(appError('FORBIDDEN', `This route needs one of the roles: ${access.join(', ')}.`));
  };
}
