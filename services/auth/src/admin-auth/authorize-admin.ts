import type { Request } from 'express';
import { AppError, appError, isAppError } from '@mcpgw/errors';
import { extractBearerToken, type Principal, type TokenVerifier } from '@mcpgw/identity';
import { rolesForGroups } from '../roles/group-roles.js';

/** Who called an admin endpoint, for the audit log line. */
export interface AdminCaller {
  readonly kind: 'service' | 'user';
  readonly subject: string;
  readonly clientId?: string;
  readonly username?: string;
}

export interface AdminAuthorizerOptions {
  /** Verifies issuer (the auth issuer), signature, expiry and the service audience. */
  readonly verifier: TokenVerifier;
  /** Client ids whose service accounts may call (AUTH_ADMIN_CALLERS). */
  readonly callers: readonly string[];
}

const REALM = 'Bearer realm="mcpgw-auth-admin"';

/**
 * A client-credentials token: Keycloak names the service-account user `service-account-<client>`;
 * without a username, RFC 9068 client-credentials tokens have `sub` = the client id.
 */
export function isServiceAccount(principal: Principal): boolean {
  const username = principal.claims['preferred_username'];
  if (typeof username === 'string') return username.startsWith('service-account-');
  return principal.clientId !== undefined && principal.subject === principal.clientId;
}

function withChallenge(error: unknown): AppError {
  if (isAppError(error) && error.kind === 'unauthenticated') {
    const invalid = error.code === 'UNAUTHENTICATED' ? '' : ', error="invalid_token"';
    return new AppError(error.code, error.kind, error.message, {
      headers: { ...error.headers, 'WWW-Authenticate': `${REALM}${invalid}` },
      ...(error.details === undefined ? {} : { details: error.details }),
    });
  }
  return appError('UNAUTHENTICATED', undefined, { headers: { 'WWW-Authenticate': REALM } });
}

/**
 * The admin endpoints' gate. Only the Authorization header is read: never a cookie (so no CSRF
 * exposure) and never a query string. Service accounts are judged by client id only (group
 * membership of a service account never makes it an admin); users only by the platform-admin
 * role from their groups.
 */
export function createAdminAuthorizer(
  options: AdminAuthorizerOptions,
): (req: Request) => Promise<AdminCaller> {
  const callers = new Set(options.callers);
  return async (req) => {
    let principal: Principal;
    try {
      principal = await options.verifier.verify(extractBearerToken(req.headers.authorization));
    } catch (error) {
      throw withChallenge(error);
    }
    if (isServiceAccount(principal)) {
      if (principal.clientId !== undefined && callers.has(principal.clientId))
        return { kind: 'service', subject: principal.subject, clientId: principal.clientId };
      throw appError('FORBIDDEN', 'This client may not call the provisioning endpoints.');
    }
    if (rolesForGroups(principal.groups).includes('platform-admin')) {
      const username = principal.claims['preferred_username'];
      return {
        kind: 'user',
        subject: principal.subject,
        ...(typeof username === 'string' ? { username } : {}),
      };
    }
    throw appError('FORBIDDEN', 'Only platform admins may call the provisioning endpoints.');
  };
}
