import { tokenInvalid } from './token-errors.js';

/** Far above any real access token (Keycloak's are 1–3 KiB); bounds parsing work. */
export const MAX_TOKEN_LENGTH = 16 * 1024;

const BASE64URL = /^[A-Za-z0-9_-]*$/;

/**
 * Header members that carry or point to key material. Honouring them would let the token
 * choose its own verification key, so their mere presence rejects the token.
 */
const EMBEDDED_KEY_MEMBERS = ['jku', 'x5u', 'x5c', 'jwk'] as const;

/** Header and claims as the token states them — nothing here is verified yet. */
export interface UntrustedToken {
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
  alg: string;
  issuer: string;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function decodeSegment(segment: string): Record<string, unknown> {
  // Node's base64url decoder skips invalid characters silently; check the alphabet ourselves.
  if (segment === '' || !BASE64URL.test(segment) || segment.length % 4 === 1)
    throw tokenInvalid('malformed');
  let value: unknown;
  try {
    value = JSON.parse(utf8.decode(Buffer.from(segment, 'base64url')));
  } catch {
    throw tokenInvalid('malformed');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw tokenInvalid('malformed');
  return value as Record<string, unknown>;
}

/**
 * Structural checks that need no key and no network: shape, size, encoding, hostile header
 * members, and the claimed issuer (used only to pick that issuer's configuration).
 */
export function inspectToken(token: unknown): UntrustedToken {
  if (typeof token !== 'string' || token.length === 0 || token.length > MAX_TOKEN_LENGTH)
    throw tokenInvalid('malformed');
  const segments = token.split('.');
  if (segments.length !== 3) throw tokenInvalid('malformed');
  const [headerPart, claimsPart, signaturePart] = segments as [string, string, string];
  const header = decodeSegment(headerPart);
  const claims = decodeSegment(claimsPart);
  if (!BASE64URL.test(signaturePart)) throw tokenInvalid('malformed');
  if (EMBEDDED_KEY_MEMBERS.some((member) => Object.hasOwn(header, member)))
    throw tokenInvalid('embedded_key');
  if (Object.hasOwn(header, 'crit')) throw tokenInvalid('critical_header');
  const { alg, kid } = header;
  if (typeof alg !== 'string' || alg === 'none' || /^HS/i.test(alg))
    throw tokenInvalid('algorithm');
  if (kid !== undefined && typeof kid !== 'string') throw tokenInvalid('malformed');
  if (typeof claims.iss !== 'string') throw tokenInvalid('issuer');
  if (signaturePart === '') throw tokenInvalid('signature');
  return { header, claims, alg, issuer: claims.iss };
}
