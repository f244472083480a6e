import { errors } from 'jose';
import { isAppError } from '@mcpgw/errors';
import type { AppError } from '@mcpgw/errors';
import { tokenExpired, tokenInvalid } from './token-errors.js';
import type { TokenRejectReason } from './token-errors.js';

const REASON_BY_CLAIM: Record<string, TokenRejectReason> = {
  aud: 'audience',
  iss: 'issuer',
  nbf: 'not_yet_valid',
  sub: 'subject',
};

function claimReason(error: errors.JWTClaimValidationFailed): TokenRejectReason {
  if (error.claim === 'exp' && error.reason === 'missing') return 'missing_exp';
  if (error.reason === 'invalid') return 'malformed';
  return REASON_BY_CLAIM[error.claim] ?? 'claims';
}

/**
 * Translates jose's errors into our catalogue. jose errors are not kept as the cause: some
 * carry the claims set, which we do not want in logs next to the failure.
 */
export function toTokenError(error: unknown): AppError {
  if (isAppError(error)) return error;
  if (error instanceof errors.JWTExpired) return tokenExpired();
  if (error instanceof errors.JWTClaimValidationFailed) return tokenInvalid(claimReason(error));
  if (error instanceof errors.JWSSignatureVerificationFailed) return tokenInvalid('signature');
  if (error instanceof errors.JOSEAlgNotAllowed) return tokenInvalid('algorithm');
  if (error instanceof errors.JOSENotSupported) return tokenInvalid('algorithm');
  if (error instanceof errors.JWKSNoMatchingKey) return tokenInvalid('unknown_key');
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid)
    return tokenInvalid('malformed');
  if (error instanceof errors.JOSEError) return tokenInvalid('invalid');
  return tokenInvalid('invalid', error);
}
