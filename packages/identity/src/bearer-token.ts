import { appError } from '@mcpgw/errors';

// RFC 6750 §2.1: "Bearer" 1*SP b64token. The scheme is case-insensitive (RFC 9110 §11.1).
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*)$/i;

/**
 * The token from an Authorization header value. Anything else — no header, another scheme,
 * an empty or multi-part token — is UNAUTHENTICATED; the value is never echoed back.
 */
export function extractBearerToken(authorization: string | undefined): string {
  if (authorization === undefined || authorization.trim() === '')
    throw appError('UNAUTHENTICATED', undefined, { details: { reason: 'missing' } });
  const match = BEARER.exec(authorization.trim());
  if (match?.[1] === undefined)
    throw appError('UNAUTHENTICATED', 'The Authorization header must be "Bearer <token>".', {
      details: { reason: 'not_bearer' },
    });
  return match[1];
}
