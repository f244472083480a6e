import type { RequestHandler, Response } from 'express';
import { AppError, appError, isAppError } from '@mcpgw/errors';
import { extractBearerToken, type Principal, type TokenVerifier } from '@mcpgw/identity';
import { actorFromRoles, type Actor } from '../domain/model/actor.js';

const CHALLENGE = { 'WWW-Authenticate': 'Bearer realm="mcp-gateway-registry"' };

/**
 * A client-credentials token (Keycloak service account, or a token with no end user) is an
 * agent. Humans get their roles only from the group mapping.
 */
export function isServiceAccount(principal: Principal): boolean {
  const username = principal.claims['preferred_username'];
  if (typeof username === 'string') return username.startsWith('service-account-');
  return principal.clientId !== undefined;
}

/** Identity groups named `team-<name>` make their members server owners of team <name>. */
const TEAM_GROUP = /^team-([a-z0-9][a-z0-9-]{0,62})$/;

export function principalToActor(principal: Principal): Actor {
  const roles = [...principal.roles];
  if (isServiceAccount(principal)) roles.push('agent');
  for (const group of principal.groups) {
    const team = TEAM_GROUP.exec(group)?.[1];
    if (team) roles.push(`server-owner:${team}`);
  }
  return actorFromRoles({
    subject: principal.subject,
    ...(principal.clientId === undefined ? {} : { clientId: principal.clientId }),
    roles,
    scopes: principal.scopes,
    groups: principal.groups,
  });
}

/**
 * Verifies the bearer token in process (cached keys: no network hop per request) and puts the
 * Actor on res.locals. Tokens in query strings or cookies are never looked at.
 */
export function authenticate(verifier: TokenVerifier): RequestHandler {
  return async (req, res, next) => {
    try {
      const principal = await verifier.verify(extractBearerToken(req.headers.authorization));
      res.locals['principal'] = principal;
      res.locals['actor'] = principalToActor(principal);
      next();
    } catch (error) {
      next(withChallenge(error));
    }
  };
}

function withChallenge(error: unknown): AppError {
  if (isAppError(error) && error.kind === 'unauthenticated') {
    return new AppError(error.code, error.kind, error.message, {
      headers: { ...error.headers, ...CHALLENGE },
      ...(error.details === undefined ? {} : { details: error.details }),
    });
  }
  return appError('UNAUTHENTICATED', undefined, { headers: CHALLENGE });
}

export function actorOf(res: Response): Actor {
  const actor = res.locals['actor'] as Actor | undefined;
  if (!actor) throw appError('UNAUTHENTICATED');
  return actor;
}

export function principalOf(res: Response): Principal {
  const principal = res.locals['principal'] as Principal | undefined;
  if (!principal) throw appError('UNAUTHENTICATED');
  return principal;
}
