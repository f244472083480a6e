import { createCachingVerifier, type Principal, type TokenVerifier } from '@mcpgw/identity';
import { startLocalIssuer, type LocalIssuer } from '@mcpgw/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectRejected, manualClock, verifierFor } from './helpers.js';

let issuer: LocalIssuer;
beforeAll(async () => {
  issuer = await startLocalIssuer();
});
afterAll(async () => {
  await issuer.close();
});

/** Wraps a verifier and counts how often it is really asked. */
function counting(inner: TokenVerifier) {
  const counter = { calls: 0 };
  const verifier: TokenVerifier = {
    verify(token) {
      counter.calls += 1;
      return inner.verify(token);
    },
  };
  return { verifier, counter };
}

describe('createCachingVerifier', () => {
  it('when the same token is presented again, then returns the same principal without re-verifying', async () => {
    const { verifier, counter } = counting(verifierFor(issuer));
    const cached = createCachingVerifier(verifier);
    const token = await issuer.mint();

    const first = await cached.verify(token);
    const second = await cached.verify(token);

    expect(second).toBe(first);
    expect(counter.calls).toBe(1);
  });

  it('when the same token arrives concurrently, then verifies it once', async () => {
    const { verifier, counter } = counting(verifierFor(issuer));
    const cached = createCachingVerifier(verifier);
    const token = await issuer.mint();

    const results = await Promise.all(Array.from({ length: 10 }, () => cached.verify(token)));

    expect(new Set(results).size).toBe(1);
    expect(counter.calls).toBe(1);
  });

  it('when the token has expired since it was cached, then stops returning it', async () => {
    const exp = Math.floor(Date.now() / 1000) + 20;
    const clock = manualClock();
    const inner = counting(verifierFor(issuer, { now: clock.now, clockToleranceSec: 0 }));
    const cached = createCachingVerifier(inner.verifier, { now: clock.now });
    const token = await issuer.mint({ exp });
    await cached.verify(token);

    clock.advance(exp * 1000 - clock.now());

    await expectRejected(cached.verify(token), token, { code: 'TOKEN_EXPIRED', reason: 'expired' });
    expect(inner.counter.calls).toBe(2);
  });

  it('when a long-lived token was cached a minute ago, then verifies it again', async () => {
    const clock = manualClock();
    const inner = counting(verifierFor(issuer, { now: clock.now }));
    const cached = createCachingVerifier(inner.verifier, { now: clock.now });
    const token = await issuer.mint({}, { expiresInSec: 3600 });
    await cached.verify(token);

    clock.advance(59_999);
    await cached.verify(token);
    clock.advance(1);
    await cached.verify(token);

    expect(inner.counter.calls).toBe(2);
  });

  it('when verification fails, then the failure is not cached', async () => {
    let accept = false;
    const principal = { subject: 'late', expiresAt: Date.now() / 1000 + 300 } as Principal;
    const flaky: TokenVerifier = {
      verify: () => (accept ? Promise.resolve(principal) : Promise.reject(new Error('down'))),
    };
    const cached = createCachingVerifier(flaky);

    await expect(cached.verify('t')).rejects.toThrow('down');
    accept = true;

    await expect(cached.verify('t')).resolves.toBe(principal);
  });

  it('when more tokens than maxEntries are cached, then evicts the least recently used', async () => {
    const { verifier, counter } = counting(verifierFor(issuer));
    const cached = createCachingVerifier(verifier, { maxEntries: 2 });
    const [a, b, c] = await Promise.all([issuer.mint(), issuer.mint(), issuer.mint()]);
    await cached.verify(a);
    await cached.verify(b);
    await cached.verify(a); // a is now the most recent; b is the eviction candidate

    await cached.verify(c);
    const callsBefore = counter.calls;
    await cached.verify(a);
    const afterA = counter.calls;
    await cached.verify(b);

    expect([callsBefore, afterA, counter.calls]).toEqual([3, 3, 4]);
  });

  it('when one token is presented many times in a row, then an older token is still evicted first', async () => {
    const { verifier, counter } = counting(verifierFor(issuer));
    const cached = createCachingVerifier(verifier, { maxEntries: 2 });
    const [a, b, c] = await Promise.all([issuer.mint(), issuer.mint(), issuer.mint()]);
    await cached.verify(a);
    await cached.verify(b);
    for (let i = 0; i < 3; i += 1) await cached.verify(b);

    await cached.verify(c);
    const callsBefore = counter.calls;
    await cached.verify(b);
    const afterB = counter.calls;
    await cached.verify(a);

    expect([callsBefore, afterB, counter.calls]).toEqual([3, 3, 4]);
  });
});
