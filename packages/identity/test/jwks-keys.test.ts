import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTokenVerifier } from '@mcpgw/identity';
import { getFreePort, startLocalIssuer, type LocalIssuer } from '@mcpgw/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { expectRejected, manualClock, verifierFor } from './helpers.js';

const started: LocalIssuer[] = [];
async function issuerFor(options?: Parameters<typeof startLocalIssuer>[0]) {
  const issuer = await startLocalIssuer(options);
  started.push(issuer);
  return issuer;
}
afterEach(async () => {
  await Promise.all(started.splice(0).map((issuer) => issuer.close()));
});

const COOLDOWN_MS = 30_000;

/** A misbehaving key server on loopback; returns its URL and a way to stop it. */
async function badKeyServer(behaviour: 'hang' | 'huge'): Promise<{ url: string; server: Server }> {
  const server = createServer((_req, res) => {
    if (behaviour === 'huge') res.end(JSON.stringify({ keys: [], pad: 'x'.repeat(1024 * 1024) }));
    // 'hang': never answer; the verifier's timeout must end the request.
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/certs`, server };
}

describe('createTokenVerifier key handling', () => {
  it('when the issuer rotates to a new key, then its tokens verify after one JWKS refetch', async () => {
    const issuer = await issuerFor();
    const clock = manualClock();
    const verifier = verifierFor(issuer, { now: clock.now, jwksCooldownMs: COOLDOWN_MS });
    await verifier.verify(await issuer.mint());
    const oldToken = await issuer.mint();
    await issuer.rotateKey();
    clock.advance(COOLDOWN_MS);
    const before = issuer.jwksRequests;

    const rotated = await verifier.verify(await issuer.mint({}, { subject: 'after-rotation' }));
    const old = await verifier.verify(oldToken);

    expect(rotated.subject).toBe('after-rotation');
    expect(old.subject).toBe('test-subject');
    expect(issuer.jwksRequests - before).toBe(1);
  });

  it('when a flood of unknown kids arrives, then the JWKS is refetched at most once per cooldown', async () => {
    const issuer = await issuerFor();
    const clock = manualClock();
    const verifier = verifierFor(issuer, { now: clock.now, jwksCooldownMs: COOLDOWN_MS });
    await verifier.verify(await issuer.mint());
    clock.advance(COOLDOWN_MS);
    const before = issuer.jwksRequests;
    const forged = await Promise.all(
      Array.from({ length: 20 }, (_, i) => issuer.mint({}, { kid: `forged-${i}` })),
    );

    const concurrent = await Promise.allSettled(forged.map((t) => verifier.verify(t)));
    for (const token of forged) await verifier.verify(token).catch(() => undefined);
    clock.advance(COOLDOWN_MS - 1);
    await verifier.verify(forged[0] as string).catch(() => undefined);

    expect(concurrent.every((r) => r.status === 'rejected')).toBe(true);
    expect(issuer.jwksRequests - before).toBe(1);
    expect(verifier.stats().rejectedByReason.unknown_key).toBe(41);
  });

  it('when the cache is older than its max age, then verifies with it and refreshes in the background', async () => {
    const issuer = await issuerFor();
    const clock = manualClock();
    const verifier = verifierFor(issuer, { now: clock.now, jwksCacheMaxAgeMs: 60_000 });
    await verifier.verify(await issuer.mint());

    clock.advance(60_001);
    const principal = await verifier.verify(await issuer.mint());

    expect(principal.subject).toBe('test-subject');
    await vi.waitFor(() => expect(issuer.jwksRequests).toBe(2), { timeout: 5_000 });
  });

  it('when discovery is needed, then it is fetched once for many verifications', async () => {
    const issuer = await issuerFor();
    const verifier = verifierFor(issuer);
    const tokens = await Promise.all([issuer.mint(), issuer.mint(), issuer.mint()]);

    await Promise.all(tokens.map((t) => verifier.verify(t)));
    await verifier.verify(await issuer.mint());

    expect([issuer.discoveryRequests, issuer.jwksRequests]).toEqual([1, 1]);
  });

  it('when the jwksUri is configured, then discovery is never fetched', async () => {
    const issuer = await issuerFor();
    const verifier = createTokenVerifier({
      issuers: [{ issuer: issuer.issuer, audiences: [issuer.audience], jwksUri: issuer.jwksUri }],
    });

    await verifier.verify(await issuer.mint());

    expect([issuer.discoveryRequests, issuer.jwksRequests]).toEqual([0, 1]);
  });

  it('when discovery names a different issuer, then rejects with reason discovery and loads no keys', async () => {
    const issuer = await issuerFor({ discovery: { issuer: 'https://evil.example/realms/test' } });
    const token = await issuer.mint();

    await expectRejected(verifierFor(issuer).verify(token), token, { reason: 'discovery' });
    expect(issuer.jwksRequests).toBe(0);
  });

  it('when discovery points the JWKS at plain http off loopback, then rejects with reason discovery', async () => {
    const issuer = await issuerFor({ discovery: { jwksUri: 'http://keys.example/certs' } });
    const token = await issuer.mint();

    await expectRejected(verifierFor(issuer).verify(token), token, { reason: 'discovery' });
    expect(issuer.jwksRequests).toBe(0);
  });

  it('when the JWKS is unreachable, then rejects with jwks_unavailable and retries only after the cooldown', async () => {
    const issuer = await issuerFor();
    const deadPort = await getFreePort();
    const clock = manualClock();
    const verifier = createTokenVerifier({
      issuers: [
        {
          issuer: issuer.issuer,
          audiences: [issuer.audience],
          jwksUri: `http://127.0.0.1:${deadPort}/certs`,
        },
      ],
      now: clock.now,
    });
    const token = await issuer.mint();

    await expectRejected(verifier.verify(token), token, { reason: 'jwks_unavailable' });
    await expectRejected(verifier.verify(token), token, { reason: 'jwks_unavailable' });
    clock.advance(COOLDOWN_MS);
    await expectRejected(verifier.verify(token), token, { reason: 'jwks_unavailable' });

    expect(verifier.stats()).toMatchObject({ jwksFetches: 2, jwksFetchFailures: 2 });
  });

  it('when a refresh fails after keys were loaded, then keeps verifying with the last good keys', async () => {
    const issuer = await issuerFor();
    const clock = manualClock();
    const verifier = verifierFor(issuer, { now: clock.now, jwksCacheMaxAgeMs: 60_000 });
    await verifier.verify(await issuer.mint());
    const token = await issuer.mint({}, { expiresInSec: 3600 });
    await issuer.close();

    clock.advance(120_000);
    const first = await verifier.verify(token);
    await vi.waitFor(() => expect(verifier.stats().jwksFetchFailures).toBe(1), { timeout: 5_000 });
    const second = await verifier.verify(token);

    expect([first.subject, second.subject]).toEqual(['test-subject', 'test-subject']);
  });

  it.each([
    ['never answers', 'hang'],
    ['sends a 1 MiB body', 'huge'],
  ] as const)(
    'when the key server %s, then rejects with jwks_unavailable within the timeout',
    async (_label, behaviour) => {
      const issuer = await issuerFor();
      const bad = await badKeyServer(behaviour);
      try {
        const verifier = createTokenVerifier({
          issuers: [{ issuer: issuer.issuer, audiences: [issuer.audience], jwksUri: bad.url }],
          fetchTimeoutMs: 300,
        });
        const token = await issuer.mint();
        const started = Date.now();

        await expectRejected(verifier.verify(token), token, { reason: 'jwks_unavailable' });
        expect(Date.now() - started).toBeLessThan(5_000);
      } finally {
        bad.server.closeAllConnections();
        await new Promise<void>((resolve) => bad.server.close(() => resolve()));
      }
    },
  );
});
