import { appError } from '@mcpgw/errors';
import type { Request } from 'express';
import { sameSecret } from './session-ids.js';

export const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function requestOrigin(req: Request): string | undefined {
  const origin = req.headers.origin;
  if (typeof origin === 'string' && origin !== 'null') return origin;
  const referer = req.headers.referer;
  if (typeof referer !== 'string') return undefined;
  try {
    return new URL(referer).origin;
  } catch {
    return undefined;
  }
}

/**
 * Synchronizer-token CSRF check for a cookie-authenticated write: the request must come from
 * the console's own origin (Origin, else Referer; neither → refused) and carry the session's
 * CSRF token in the X-CSRF-Token header. Throws FORBIDDEN; safe methods pass.
 */
export function assertCsrf(req: Request, expectedOrigin: string, csrfToken: string): void {
  if (SAFE_METHODS.has(req.method)) return;
  if (requestOrigin(req) !== expectedOrigin)
    throw appError('FORBIDDEN', 'The request did not come from the console.', {
      details: { reason: 'origin' },
    });
  const presented = req.headers[CSRF_HEADER];
  if (typeof presented !== 'string' || !sameSecret(presented, csrfToken))
    throw appError('FORBIDDEN', 'The CSRF token is missing or wrong.', {
      details: { reason: 'csrf' },
    });
}
