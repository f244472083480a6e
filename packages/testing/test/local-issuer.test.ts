import { createPublicKey, verify } from 'node:crypto';
import { startLocalIssuer, type LocalIssuer } from '@mcpgw/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let issuer: LocalIssuer;
beforeAll(async () => {
  issuer = await startLocalIssuer({ audience: 'urn:test:gateway' });
});
afterAll(async () => {
  await issuer.close();
});

type Jwk = { kid: string; kty: string; alg: string; use: string; d?: string };

function decode(token: string) {
  const [header, payload, signature] = token.split('.') as [string, string, string];
  const json = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  return { header: json(header), payload: json(payload), signature, input: `${header}.${payload}` };
}

async function getJson(url: string) {
  const response = await fetch(url);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function jwks(): Promise<Jwk[]> {
  return (await getJson(issuer.jwksUri)).body.keys as Jwk[];
}

function verifiesWith(token: string, key: Jwk): boolean {
  const { input, signature } = decode(token);
  const publicKey = createPublicKey({ key: key as never, format: 'jwk' });
  return verify('sha256', Buffer.from(input), publicKey, Buffer.from(signature, 'base64url'));
}

describe('startLocalIssuer', () => {
  it('when discovery is requested, then serves a Keycloak-like document on loopback and counts it', async () => {
    const before = issuer.discoveryRequests;

    const { status, body } = await getJson(`${issuer.issuer}/.well-known/openid-configuration`);

    expect(issuer.issuer).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/realms\/test$/);
    expect(status).toBe(200);
    expect(body).toMatchObject({ issuer: issuer.issuer, jwks_uri: issuer.jwksUri });
    expect(issuer.discoveryRequests).toBe(before + 1);
  });

  it('when the JWKS is requested, then serves only public signing keys and counts it', async () => {
    const before = issuer.jwksRequests;

    const keys = await jwks();

    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({ kid: issuer.currentKid, kty: 'RSA', alg: 'RS256', use: 'sig' });
    expect(keys[0]?.d).toBeUndefined();
    expect(issuer.jwksRequests).toBe(before + 1);
  });

  it('when a token is minted, then it carries the defaults and verifies with the published key', async () => {
    const token = await issuer.mint({ groups: ['/g'] }, { scope: 'a b', subject: 'alice' });
    const { header, payload } = decode(token);
    const [key] = await jwks();

    expect(header).toMatchObject({ alg: 'RS256', typ: 'JWT', kid: issuer.currentKid });
    expect(payload).toMatchObject({
      iss: issuer.issuer,
      aud: 'urn:test:gateway',
      sub: 'alice',
      scope: 'a b',
    });
    expect(payload.exp - payload.iat).toBe(300);
    expect(verifiesWith(token, key as Jwk)).toBe(true);
  });

  it('when options ask for hostile shapes, then the token has them', async () => {
    const { header, payload } = decode(
      await issuer.mint(
        {},
        { audience: null, expiresInSec: -10, header: { jku: 'http://x' }, kid: '../k' },
      ),
    );

    expect(payload.aud).toBeUndefined();
    expect(payload.exp).toBeLessThan(Date.now() / 1000);
    expect(header).toMatchObject({ jku: 'http://x', kid: '../k' });
  });

  it('when signing with the unknown key, then the published key does not verify it', async () => {
    const token = await issuer.mint({}, { signWith: 'unknown', kid: issuer.currentKid });
    const [key] = await jwks();

    expect(verifiesWith(token, key as Jwk)).toBe(false);
  });

  it('when minting attack tokens, then produces alg none and HS256 headers', async () => {
    expect(decode(issuer.mintUnsigned()).header.alg).toBe('none');
    expect(issuer.mintUnsigned().endsWith('.')).toBe(true);
    expect(decode(await issuer.mintHs256WithPublicKey()).header.alg).toBe('HS256');
  });

  it('when the key rotates, then both keys are published until the old ones are dropped', async () => {
    const local = await startLocalIssuer();
    try {
      const oldKid = local.currentKid;
      await local.rotateKey();
      const both = ((await getJson(local.jwksUri)).body.keys as Jwk[]).map((k) => k.kid);
      local.dropOldKeys();
      const after = ((await getJson(local.jwksUri)).body.keys as Jwk[]).map((k) => k.kid);

      expect(both).toEqual([oldKid, local.currentKid]);
      expect(after).toEqual([local.currentKid]);
    } finally {
      await local.close();
    }
  });

  it('when closed, then stops serving', async () => {
    const local = await startLocalIssuer({ alg: 'ES256' });
    const url = local.jwksUri;

    await local.close();

    await expect(fetch(url)).rejects.toThrow();
  });
});
