import { appError } from '@mcpgw/errors';
import type { AppError } from '@mcpgw/errors';

/**
 * Why a token was refused. Stable, short and safe to show: it goes into `details.reason` and
 * into metrics labels, so it never carries token material.
 */
export type TokenRejectReason =
  | 'malformed'
  | 'embedded_key'
  | 'critical_header'
  | 'algorithm'
  | 'issuer'
  | 'audience'
  | 'subject'
  | 'signature'
  | 'unknown_key'
  | 'ambiguous_key'
  | 'expired'
  | 'missing_exp'
  | 'not_yet_valid'
  | 'issued_in_future'
  | 'claims'
  | 'discovery'
  | 'jwks_unavailable'
  | 'invalid';

/** A TOKEN_INVALID error; `cause` is for logs only and must not hold the token itself. */
export function tokenInvalid(reason: TokenRejectReason, cause?: unknown): AppError {
  return appError('TOKEN_INVALID', undefined, { details: { reason }, cause });
}

export function tokenExpired(): AppError {
  return appError('TOKEN_EXPIRED', undefined, { details: { reason: 'expired' } });
}

/** The reason carried by an error this package threw, for counters. */
export function rejectReasonOf(error: AppError): string {
  const reason = error.details?.reason;
  return typeof reason === 'string' ? reason : 'invalid';
}
