import { createGroupMapper } from '@mcpgw/identity';
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

describe('createTokenVerifier', () => {
  it('when the token is valid, then returns the principal with groups, scopes and mapped roles', async () => {
    const groupMapper = createGroupMapper({
      groups: {
        'agents/crm': { scopes: ['crm.contact.update'], roles: ['agent'] },
        'platform/*': { roles: ['operator'] },
      },
    });
    const verifier = verifierFor(issuer, { groupMapper });
    const token = await issuer.mint(
      {
        client_id: 'crm-agent',
        azp: 'ignored-azp',
        groups: ['/agents/crm', '/platform/sre', 'unmapped'],
        scp: ['crm.search'],
        realm_access: { roles: ['admin'] },
      },
      { subject: 'agent-42', scope: 'openid crm.read' },
    );

    const principal = await verifier.verify(token);

    expect(principal).toMatchObject({
      issuer: issuer.issuer,
      subject: 'agent-42',
      clientId: 'crm-agent',
      groups: ['agents/crm', 'platform/sre', 'unmapped'],
      scopes: ['openid', 'crm.read', 'crm.search', 'crm.contact.update'],
      roles: ['agent', 'operator'],
    });
    expect(principal.roles).not.toContain('admin');
    expect(principal.tokenId).toEqual(expect.any(String));
    expect(principal.expiresAt).toBeGreaterThan(Date.now() / 1000);
    expect(principal.claims.sub).toBe('agent-42');
    expect(Object.isFrozen(principal) && Object.isFrozen(principal.scopes)).toBe(true);
  });

  it('when client_id is absent, then takes the client id from azp, then cid', async () => {
    const verifier = verifierFor(issuer);

    const fromAzp = await verifier.verify(await issuer.mint({ azp: 'kc-client' }));
    const fromCid = await verifier.verify(await issuer.mint({ cid: 'okta-client' }));
    const none = await verifier.verify(await issuer.mint());

    expect([fromAzp.clientId, fromCid.clientId, none.clientId]).toEqual([
      'kc-client',
      'okta-client',
      undefined,
    ]);
  });

  it('when the issuer is an ES256 issuer, then verifies its tokens', async () => {
    const ecIssuer = await startLocalIssuer({ alg: 'ES256' });
    try {
      const principal = await verifierFor(ecIssuer).verify(await ecIssuer.mint());
      expect(principal.subject).toBe('test-subject');
    } finally {
      await ecIssuer.close();
    }
  });

  it('when aud is one of several audiences in an array, then accepts the token', async () => {
    const token = await issuer.mint({}, { audience: ['account', issuer.audience] });

    const principal = await verifierFor(issuer).verify(token);

    expect(principal.subject).toBe('test-subject');
  });

  it('when the audience belongs to another client, then rejects with reason audience', async () => {
    const token = await issuer.mint({}, { audience: 'other-client' });

    await expectRejected(verifierFor(issuer).verify(token), token, { reason: 'audience' });
  });

  it('when the token has no aud claim, then rejects with reason audience', async () => {
    const token = await issuer.mint({}, { audience: null });

    await expectRejected(verifierFor(issuer).verify(token), token, { reason: 'audience' });
  });

  it('when the token has no sub claim, then rejects with reason subject', async () => {
    const token = await issuer.mint({ sub: undefined });

    await expectRejected(verifierFor(issuer).verify(token), token, { reason: 'subject' });
  });

  it('when the token has expired, then rejects with TOKEN_EXPIRED', async () => {
    const token = await issuer.mint({}, { expiresInSec: -120 });

    await expectRejected(verifierFor(issuer).verify(token), token, {
      code: 'TOKEN_EXPIRED',
      reason: 'expired',
    });
  });

  it('when the token has no exp claim, then rejects unless expiry is optional', async () => {
    const token = await issuer.mint({ exp: undefined });

    await expectRejected(verifierFor(issuer).verify(token), token, { reason: 'missing_exp' });
    const lenient = await verifierFor(issuer, { requireExp: false }).verify(token);
    expect(lenient.expiresAt).toBe(Number.POSITIVE_INFINITY);
  });

  it('when nbf is in the future beyond the tolerance, then rejects with reason not_yet_valid', async () => {
    const token = await issuer.mint({}, { notBeforeSec: 120 });

    await expectRejected(verifierFor(issuer).verify(token), token, { reason: 'not_yet_valid' });
  });

  it('when iat is in the future beyond the tolerance, then rejects with reason issued_in_future', async () => {
    const token = await issuer.mint({}, { issuedAtSec: 600, expiresInSec: 900 });

    await expectRejected(verifierFor(issuer).verify(token), token, {
      reason: 'issued_in_future',
    });
  });

  it('when exp passed within the tolerance, then accepts; just beyond it, then rejects', async () => {
    const exp = Math.floor(Date.now() / 1000) + 60;
    const token = await issuer.mint({ exp });
    const clock = manualClock((exp + 29) * 1000);
    const verifier = verifierFor(issuer, { clockToleranceSec: 30, now: clock.now });

    const inside = await verifier.verify(token);
    clock.advance(1_000);

    expect(inside.expiresAt).toBe(exp);
    await expectRejected(verifier.verify(token), token, {
      code: 'TOKEN_EXPIRED',
      reason: 'expired',
    });
  });

  it('when nbf is ahead by less than the tolerance, then accepts the token', async () => {
    const token = await issuer.mint({}, { notBeforeSec: 20 });

    const principal = await verifierFor(issuer, { clockToleranceSec: 30 }).verify(token);

    expect(principal.subject).toBe('test-subject');
  });

  it('when the iss is another trusted-looking URL, then rejects with reason issuer and fetches nothing', async () => {
    const verifier = verifierFor(issuer);
    const before = [issuer.discoveryRequests, issuer.jwksRequests];
    const token = await issuer.mint({}, { issuer: `${issuer.issuer}-evil` });

    await expectRejected(verifier.verify(token), token, { reason: 'issuer' });
    expect([issuer.discoveryRequests, issuer.jwksRequests]).toEqual(before);
  });

  it('when iss differs only by a trailing slash, then rejects with reason issuer', async () => {
    const token = await issuer.mint({}, { issuer: `${issuer.issuer}/` });

    await expectRejected(verifierFor(issuer).verify(token), token, { reason: 'issuer' });
  });

  it('when tokens are verified, then stats count verified and rejected by reason', async () => {
    const verifier = verifierFor(issuer);
    await verifier.verify(await issuer.mint());
    await verifier.verify(await issuer.mint({}, { audience: 'x' })).catch(() => undefined);

    const stats = verifier.stats();

    expect(stats).toMatchObject({ verified: 1, rejected: 1, rejectedByReason: { audience: 1 } });
    expect(stats.jwksFetches).toBe(1);
    expect(stats.discoveryFetches).toBe(1);
  });
});
