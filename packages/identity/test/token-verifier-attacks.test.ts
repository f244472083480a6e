import { startLocalIssuer, type LocalIssuer } from '@mcpgw/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectRejected, verifierFor } from './helpers.js';

let issuer: LocalIssuer;
beforeAll(async () => {
  issuer = await startLocalIssuer();
});
afterAll(async () => {
  await issuer.close();
});

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A verifier whose keys are already loaded, so any later fetch shows up in the counters. */
async function warmVerifier() {
  const verifier = verifierFor(issuer);
  await verifier.verify(await issuer.mint());
  return verifier;
}

describe('createTokenVerifier with hostile tokens', () => {
  it('when alg is none, then rejects with reason algorithm', async () => {
    const token = issuer.mintUnsigned();

    await expectRejected(verifierFor(issuer).verify(token), token, { reason: 'algorithm' });
  });

  it('when HS256 is keyed with the public key, then rejects and fetches no keys', async () => {
    const verifier = verifierFor(issuer);
    const before = issuer.jwksRequests;
    const token = await issuer.mintHs256WithPublicKey();

    await expectRejected(verifier.verify(token), token, { reason: 'algorithm' });
    expect(issuer.jwksRequests).toBe(before);
  });

  it('when the issuer allows only RS256, then a PS256 token is rejected with reason algorithm', async () => {
    const verifier = verifierFor(issuer, {
      issuers: [{ issuer: issuer.issuer, audiences: [issuer.audience], algorithms: ['RS256'] }],
    });
    const token = await issuer.mint({}, { alg: 'PS256' });

    await expectRejected(verifier.verify(token), token, { reason: 'algorithm' });
  });

  it.each([
    ['jku', { jku: 'http://127.0.0.1:1/attacker/jwks.json' }],
    ['x5u', { x5u: 'http://127.0.0.1:1/attacker/cert.pem' }],
    ['jwk', { jwk: { kty: 'RSA', n: 'AQAB', e: 'AQAB' } }],
    ['x5c', { x5c: ['MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA'] }],
  ])(
    'when the header carries %s, then rejects with reason embedded_key before any fetch',
    async (_name, header) => {
      const verifier = verifierFor(issuer);
      const before = [issuer.discoveryRequests, issuer.jwksRequests];
      const token = await issuer.mint({}, { header });

      await expectRejected(verifier.verify(token), token, { reason: 'embedded_key' });
      expect([issuer.discoveryRequests, issuer.jwksRequests]).toEqual(before);
    },
  );

  it('when the header has crit, then rejects with reason critical_header', async () => {
    const token = await issuer.mint({}, { header: { crit: ['exp'], exp: 1 } });

    await expectRejected(verifierFor(issuer).verify(token), token, { reason: 'critical_header' });
  });

  it.each([
    '../../../../etc/passwd',
    'file:///etc/passwd',
    'http://127.0.0.1:1/key',
    "' OR 1=1 --",
  ])('when kid is %j, then rejects as an unknown key', async (kid) => {
    const verifier = await warmVerifier();
    const token = await issuer.mint({}, { kid });

    await expectRejected(verifier.verify(token), token, { reason: 'unknown_key' });
    expect(verifier.stats().jwksFetches).toBe(1);
  });

  it('when signed by a key the issuer never published, then rejects with reason unknown_key', async () => {
    const token = await issuer.mint({}, { signWith: 'unknown' });

    await expectRejected(verifierFor(issuer).verify(token), token, { reason: 'unknown_key' });
  });

  it('when an unpublished key reuses a published kid, then rejects with reason signature', async () => {
    const token = await issuer.mint({}, { signWith: 'unknown', kid: issuer.currentKid });

    await expectRejected(verifierFor(issuer).verify(token), token, { reason: 'signature' });
  });

  it('when the payload is altered after signing, then rejects with reason signature', async () => {
    const [header, , signature] = (await issuer.mint({ scope: 'crm.read' })).split('.');
    const forged = `${header}.${b64({ iss: issuer.issuer, aud: issuer.audience, sub: 'admin', exp: 2e9, scope: 'admin' })}.${signature}`;

    await expectRejected(verifierFor(issuer).verify(forged), forged, { reason: 'signature' });
  });

  it.each([
    ['empty', ''],
    ['two segments', `${b64({ alg: 'RS256' })}.${b64({ iss: 'x' })}`],
    ['four segments', 'a.b.c.d'],
    ['garbage base64', '***.@@@.!!!'],
    ['base64 that is not JSON', `${Buffer.from('not json').toString('base64url')}.e30.c2ln`],
    ['a JSON array header', `${b64([1])}.${b64({})}.c2ln`],
    ['invalid UTF-8', `${Buffer.from([0xff, 0xfe]).toString('base64url')}.e30.c2ln`],
    ['over 16 KiB', `${b64({ alg: 'RS256' })}.${'A'.repeat(20 * 1024)}.c2ln`],
  ])(
    'when the token is %s, then rejects with reason malformed and fetches nothing',
    async (_name, token) => {
      const verifier = verifierFor(issuer);
      const before = [issuer.discoveryRequests, issuer.jwksRequests];

      await expectRejected(verifier.verify(token), token, { reason: 'malformed' });
      expect([issuer.discoveryRequests, issuer.jwksRequests]).toEqual(before);
    },
  );

  it('when a well-formed token has an empty signature, then rejects with reason signature', async () => {
    const [header, payload] = (await issuer.mint()).split('.');
    const token = `${header}.${payload}.`;

    await expectRejected(verifierFor(issuer).verify(token), token, { reason: 'signature' });
  });

  it('when a hostile token is refused, then the verifier still accepts a valid token', async () => {
    const verifier = await warmVerifier();
    await verifier.verify(issuer.mintUnsigned()).catch(() => undefined);

    const principal = await verifier.verify(await issuer.mint());

    expect(principal.subject).toBe('test-subject');
  });
});
