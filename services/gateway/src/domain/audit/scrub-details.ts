export const REDACTED = '[REDACTED]';

// Mirrors @mcpgw/logger's key rules without importing the logger (domain/ stays winston-free).
const SENSITIVE_KEY_PARTS = [
  'authorization',
  'cookie',
  'token',
  'secret',
  'password',
  'passwd',
  'apikey',
  'credential',
  'privatekey',
];
const REFERENCE_SUFFIXES = ['arn', 'ref', 'reference'];
const BEARER = /\b(Bearer|Basic)\s+[A-Za-z0-9\-._~+/]+=*/gi;
const JWT = /\beyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g;

function isSensitiveKey(key: string): boolean {
  const normalized = key.toLowerCase().replace(/[-_.\s]/g, '');
  if (REFERENCE_SUFFIXES.some((suffix) => normalized.endsWith(suffix))) return false;
  return SENSITIVE_KEY_PARTS.some((part) => normalized.includes(part));
}

function reviver(key: string, value: unknown): unknown {
  if (key !== '' && isSensitiveKey(key)) return REDACTED;
  if (typeof value === 'string' && (value.includes('eyJ') || /bearer|basic/i.test(value))) {
    return value.replace(BEARER, `$1 ${REDACTED}`).replace(JWT, REDACTED);
  }
  return value;
}

/**
 * A JSON-clean copy of `details` with secret-looking keys and bearer/JWT strings masked. The
 * round trip also drops `undefined` (the Mongo driver would store it as null and break the hash)
 * and turns Dates into strings, so the stored event re-hashes to the same value.
 */
export function scrubDetails(
  details: Readonly<Record<string, unknown>> | undefined,
): Record<string, unknown> | undefined {
  if (details === undefined) return undefined;
  return JSON.parse(JSON.stringify(details), reviver) as Record<string, unknown>;
}
