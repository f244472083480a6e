import { hash } from 'node:crypto';
import { MAX_TOKEN_LENGTH } from './inspect-token.js';
import type { Principal } from './principal.js';
import type { TokenVerifier } from './token-verifier.js';

export interface CachingVerifierOptions {
  /** LRU bound; default 10 000. */
  maxEntries?: number;
  /** Clock in epoch milliseconds. */
  now?: () => number;
}

/** Bounds how long a revoked-but-unexpired token keeps working from cache. */
const MAX_CACHE_MS = 60_000;

interface Entry {
  principal: Principal;
  until: number;
}

/**
 * Remembers verified Principals by the token's SHA-256 (never the token itself) until the token
 * expires or a minute passes, whichever is first. Failures are never cached, so a token that was
 * refused is re-checked every time. Concurrent checks of the same token share one verification.
 */
export function createCachingVerifier(
  inner: TokenVerifier,
  options: CachingVerifierOptions = {},
): TokenVerifier {
  const maxEntries = Math.max(1, options.maxEntries ?? 10_000);
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();
  const pending = new Map<string, Promise<Principal>>();

  let newest: string | undefined;

  /**
   * Moves a hit to the back of the LRU order. An agent calling in a loop hits the same key every
   * time; re-inserting it then would only churn the Map's table (garbage on every request).
   */
  function touch(key: string, entry: Entry): void {
    if (key === newest) return;
    entries.delete(key);
    entries.set(key, entry);
    newest = key;
  }

  function remember(key: string, principal: Principal): void {
    const until = Math.min(principal.expiresAt * 1000, now() + MAX_CACHE_MS);
    if (until <= now()) return;
    entries.delete(key);
    entries.set(key, { principal, until });
    newest = key;
    // Map iteration order is insertion order, so the first key is the least recently used.
    while (entries.size > maxEntries) entries.delete(entries.keys().next().value as string);
  }

  return {
    verify(token) {
      // Oversized input is refused by the inner verifier before any work; do not hash it.
      if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) return inner.verify(token);
      const key = hash('sha256', token, 'base64url');
      const hit = entries.get(key);
      if (hit !== undefined) {
        if (now() < hit.until) {
          touch(key, hit);
          return Promise.resolve(hit.principal);
        }
        entries.delete(key);
      }
      const inflight = pending.get(key);
      if (inflight !== undefined) return inflight;
      const verification = inner.verify(token).then((principal) => {
        remember(key, principal);
        return principal;
      });
      pending.set(key, verification);
      const forget = () => pending.delete(key);
      verification.then(forget, forget);
      return verification;
    },
  };
}
