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
const CREDENTIAL_WORD = /bearer|basic/i;
/** Deeper than this the plain walk hands over to the JSON round trip (which has no such bound). */
const MAX_PLAIN_DEPTH = 32;

// Keys repeat on every event (route, httpStatus, latencyMs…): decide each spelling once.
const keyVerdicts = new Map<string, boolean>();

function isSensitiveKey(key: string): boolean {
  let verdict = keyVerdicts.get(key);
  if (verdict === undefined) {
    verdict = judgeKey(key);
    // Keys are caller data too; a flood of distinct ones must not grow the memo without bound.
    if (keyVerdicts.size < 1_000) keyVerdicts.set(key, verdict);
  }
  return verdict;
}

function judgeKey(key: string): boolean {
  const normalized = key.toLowerCase().replace(/[-_.\s]/g, '');
  if (REFERENCE_SUFFIXES.some((suffix) => normalized.endsWith(suffix))) return false;
  return SENSITIVE_KEY_PARTS.some((part) => normalized.includes(part));
}

function maskString(value: string): string {
  if (!value.includes('eyJ') && !CREDENTIAL_WORD.test(value)) return value;
  return value.replace(BEARER, `$1 ${REDACTED}`).replace(JWT, REDACTED);
}

function reviver(key: string, value: unknown): unknown {
  if (key !== '' && isSensitiveKey(key)) return REDACTED;
  return typeof value === 'string' ? maskString(value) : value;
}

/**
 * A JSON-clean copy of `details` with secret-looking keys and bearer/JWT strings masked. The
 * result is what a JSON round trip with a masking reviver gives: `undefined` is dropped (the
 * Mongo driver would store it as null and break the hash), Dates become strings, non-finite
 * numbers null, so the stored event re-hashes to the same value. Plain data — every event on the
 * hot path — is copied in one walk; anything else (Dates, class instances, toJSON, bigint,
 * cycles, `__proto__` keys) takes the round trip itself.
 */
export function scrubDetails(
  details: Readonly<Record<string, unknown>> | undefined,
): Record<string, unknown> | undefined {
  if (details === undefined) return undefined;
  const copy = copyPlain(details, 0);
  if (copy !== NOT_PLAIN) return copy as Record<string, unknown>;
  return JSON.parse(JSON.stringify(details), reviver) as Record<string, unknown>;
}

const NOT_PLAIN = Symbol('not plain');

/** The round trip's result for plain data, or NOT_PLAIN when only the round trip can tell. */
function copyPlain(value: unknown, depth: number): unknown {
  switch (typeof value) {
    case 'string':
      return maskString(value);
    case 'number':
      // JSON has no NaN/Infinity (they come back null) and no -0 (it comes back 0).
      return Number.isFinite(value) ? value + 0 : null;
    case 'boolean':
      return value;
    case 'object':
      if (value === null) return null;
      if (depth >= MAX_PLAIN_DEPTH) return NOT_PLAIN;
      return Array.isArray(value) ? copyArray(value, depth) : copyObject(value, depth);
    default:
      return NOT_PLAIN;
  }
}

function copyArray(items: readonly unknown[], depth: number): unknown {
  if (Object.getPrototypeOf(items) !== Array.prototype) return NOT_PLAIN;
  const out: unknown[] = [];
  for (let i = 0; i < items.length; i += 1) {
    const item = items[i];
    // Holes, undefined, functions and symbols are null in a JSON array.
    if (item === undefined || typeof item === 'function' || typeof item === 'symbol') {
      out.push(null);
      continue;
    }
    const copy = copyPlain(item, depth + 1);
    if (copy === NOT_PLAIN) return NOT_PLAIN;
    out.push(copy);
  }
  return out;
}

function copyObject(record: object, depth: number): unknown {
  const proto = Object.getPrototypeOf(record) as unknown;
  if (proto !== Object.prototype && proto !== null) return NOT_PLAIN;
  if ('toJSON' in record) return NOT_PLAIN;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(record)) {
    if (key === '__proto__') return NOT_PLAIN;
    const member = (record as Record<string, unknown>)[key];
    // Dropped from a JSON object, so never seen by the reviver.
    if (member === undefined || typeof member === 'function' || typeof member === 'symbol')
      continue;
    if (isSensitiveKey(key)) {
      // The round trip would still have thrown on what JSON cannot hold below this key.
      if (typeof member === 'object' && copyPlain(member, depth + 1) === NOT_PLAIN)
        return NOT_PLAIN;
      if (typeof member === 'bigint') return NOT_PLAIN;
      out[key] = REDACTED;
      continue;
    }
    const copy = copyPlain(member, depth + 1);
    if (copy === NOT_PLAIN) return NOT_PLAIN;
    out[key] = copy;
  }
  return out;
}
