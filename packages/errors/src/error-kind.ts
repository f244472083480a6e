/**
 * The kinds every error in the product falls into. The kind, not the code, decides the HTTP
 * status, so a new code never needs a new mapping.
 */
export const ERROR_KINDS = [
  'validation',
  'unauthenticated',
  'forbidden',
  'not_found',
  'conflict',
  'payload_too_large',
  'rate_limited',
  'upstream',
  'unavailable',
  'internal',
] as const;

export type ErrorKind = (typeof ERROR_KINDS)[number];

/** The one kind → HTTP status table, used only at the HTTP edge. */
export const HTTP_STATUS_BY_KIND: Readonly<Record<ErrorKind, number>> = Object.freeze({
  validation: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  rate_limited: 429,
  upstream: 502,
  unavailable: 503,
  internal: 500,
});

export function httpStatusForKind(kind: ErrorKind): number {
  return HTTP_STATUS_BY_KIND[kind];
}
