import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** 256 bits from the CSPRNG, base64url: the only thing a browser ever holds. */
export function newOpaqueId(): string {
  return randomBytes(32).toString('base64url');
}

/** Store key of a cookie value, so reading the store does not yield usable cookies. */
export function storeKey(cookieValue: string): string {
  return createHash('sha256').update(cookieValue).digest('base64url');
}

export function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
