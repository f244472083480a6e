import { AppError, type AppErrorOptions } from './app-error.js';
import type { ErrorKind } from './error-kind.js';

interface CatalogueEntry {
  readonly kind: ErrorKind;
  readonly message: string;
}

/**
 * Stable error codes shared across services. Add codes here (never rename one: clients and
 * alarms key on them). docs/errors.md lists them.
 */
export const ERROR_CATALOGUE = {
  VALIDATION_FAILED: { kind: 'validation', message: 'The request is invalid.' },
  MALFORMED_JSON: { kind: 'validation', message: 'The request body is not valid JSON.' },
  CONFIG_INVALID: { kind: 'internal', message: 'The service configuration is invalid.' },
  UNAUTHENTICATED: { kind: 'unauthenticated', message: 'Authentication is required.' },
  TOKEN_INVALID: { kind: 'unauthenticated', message: 'The access token is invalid.' },
  TOKEN_EXPIRED: { kind: 'unauthenticated', message: 'The access token has expired.' },
  FORBIDDEN: { kind: 'forbidden', message: 'You are not allowed to do this.' },
  INSUFFICIENT_SCOPE: { kind: 'forbidden', message: 'The access token lacks a required scope.' },
  NOT_FOUND: { kind: 'not_found', message: 'The resource was not found.' },
  ROUTE_NOT_FOUND: { kind: 'not_found', message: 'No such route.' },
  CONFLICT: { kind: 'conflict', message: 'The request conflicts with the current state.' },
  VERSION_CONFLICT: { kind: 'conflict', message: 'The resource was changed by someone else.' },
  PAYLOAD_TOO_LARGE: { kind: 'payload_too_large', message: 'The request body is too large.' },
  RATE_LIMITED: { kind: 'rate_limited', message: 'Too many requests.' },
  UPSTREAM_FAILED: { kind: 'upstream', message: 'An upstream service failed.' },
  SSRF_BLOCKED: { kind: 'validation', message: 'The address is not allowed.' },
  NOT_READY: { kind: 'unavailable', message: 'The service is not ready.' },
  INTERNAL: { kind: 'internal', message: 'An internal error occurred.' },
} as const satisfies Record<string, CatalogueEntry>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

/** Build an AppError from the catalogue, optionally with a more specific message. */
export function appError(
  code: ErrorCode,
  message?: string,
  options: AppErrorOptions = {},
): AppError {
  const entry: CatalogueEntry = ERROR_CATALOGUE[code];
  return new AppError(code, entry.kind, message ?? entry.message, options);
}
