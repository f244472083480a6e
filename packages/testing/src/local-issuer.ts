import { constants, createHmac, generateKeyPair, randomUUID, sign } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';

const generateKeyPairAsync = promisify(generateKeyPair);

/** Offsets are seconds relative to now. */
export interface MintOptions {
  alg?: string;
  kid?: string;
  /** Merged over the default header; may carry hostile members (jku, x5u, crit…). */
  header?: Record<string, unknown>;
  /** Default 300; negative → already expired. */
  expiresInSec?: number;
  notBeforeSec?: number;
  issuedAtSec?: number;
  /** null → omit the claim. */
  audience?: string | string[] | null;
  issuer?: string;
  subject?: string;
  /** 'unknown' signs with a key that is never published in the JWKS. */
  signWith?: 'current' | 'unknown';
  scope?: string;
}

export interface LocalIssuer {
  readonly issuer: string;
  readonly jwksUri: string;
  readonly audience: string;
  readonly currentKid: string;
  mint(claims?: Record<string, unknown>, options?: MintOptions): Promise<string>;
  mintUnsigned(claims?: Record<string, unknown>): string;
  mintHs256WithPublicKey(claims?: Record<string, unknown>): Promise<string>;
  rotateKey(): Promise<void>;
  dropOldKeys(): void;
  readonly jwksRequests: number;
  readonly discoveryRequests: number;
  close(): Promise<void>;
}

export interface LocalIssuerOptions {
  audience?: string;
  alg?: 'RS256' | 'ES256';
  /** Overrides what the discovery document advertises, to test a lying or misconfigured issuer. */
  discovery?: { issuer?: string; jwksUri?: string };
}

interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
}

const REALM_PATH = '/realms/test';
const DISCOVERY_PATH = `${REALM_PATH}/.well-known/openid-configuration`;
const JWKS_PATH = `${REALM_PATH}/protocol/openid-connect/certs`;

const b64url = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

async function newKey(alg: 'RS256' | 'ES256'): Promise<SigningKey> {
  const pair =
    alg === 'RS256'
      ? await generateKeyPairAsync('rsa', { modulusLength: 2048 })
      : await generateKeyPairAsync('ec', { namedCurve: 'P-256' });
  return { kid: randomUUID(), ...pair };
}

/** Signs with node:crypto directly so tests can put any header on the token. */
function signature(alg: string, data: string, key: KeyObject): string {
  const bits = alg.slice(2);
  if (/^RS(256|384|512)$/.test(alg))
    return sign(`sha${bits}`, Buffer.from(data), key).toString('base64url');
  if (/^PS(256|384|512)$/.test(alg)) {
    const options = { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: Number(bits) / 8 };
    return sign(`sha${bits}`, Buffer.from(data), options).toString('base64url');
  }
  if (/^ES(256|384|512)$/.test(alg)) {
    const options = { key, dsaEncoding: 'ieee-p1363' as const };
    return sign(`sha${bits}`, Buffer.from(data), options).toString('base64url');
  }
  throw new Error(`local issuer cannot sign with ${alg}`);
}

function publicJwk(key: SigningKey, alg: string): Record<string, unknown> {
  return { ...key.publicKey.export({ format: 'jwk' }), kid: key.kid, alg, use: 'sig' };
}

function listen(handler: (req: IncomingMessage, res: ServerResponse) => void) {
  const server = createServer(handler);
  return new Promise<{ server: typeof server; port: number }>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, port: (server.address() as AddressInfo).port }),
    );
  });
}

/**
 * A tiny OpenID issuer on loopback that looks like a Keycloak realm: discovery document and JWKS
 * over real HTTP, and a minting API for valid and deliberately hostile tokens.
 */
export async function startLocalIssuer(options: LocalIssuerOptions = {}): Promise<LocalIssuer> {
  const alg = options.alg ?? 'RS256';
  const audience = options.audience ?? 'http://127.0.0.1/mcp-gateway';
  let current = await newKey(alg);
  let keys: SigningKey[] = [current];
  // Generated on first use: RSA key generation is the slowest part of starting an issuer.
  let unknown: Promise<SigningKey> | undefined;
  let closed = false;
  let jwksRequests = 0;
  let discoveryRequests = 0;
  let issuer = '';
  let jwksUri = '';

  const send = (res: ServerResponse, status: number, body: unknown): void => {
    res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(JSON.stringify(body));
  };
  const { server, port } = await listen((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (req.method === 'GET' && path === DISCOVERY_PATH) {
      discoveryRequests += 1;
      send(res, 200, {
        issuer: options.discovery?.issuer ?? issuer,
        jwks_uri: options.discovery?.jwksUri ?? jwksUri,
        token_endpoint: `${issuer}/protocol/openid-connect/token`,
        id_token_signing_alg_values_supported: [alg],
      });
    } else if (req.method === 'GET' && path === JWKS_PATH) {
      jwksRequests += 1;
      send(res, 200, { keys: keys.map((key) => publicJwk(key, alg)) });
    } else {
      send(res, 404, { error: 'not_found' });
    }
  });
  issuer = `http://127.0.0.1:${port}${REALM_PATH}`;
  jwksUri = `http://127.0.0.1:${port}${JWKS_PATH}`;

  function payload(claims: Record<string, unknown>, o: MintOptions): Record<string, unknown> {
    const now = Math.floor(Date.now() / 1000);
    const body: Record<string, unknown> = {
      iss: issuer,
      sub: 'test-subject',
      aud: audience,
      iat: now,
      exp: now + 300,
      jti: randomUUID(),
      ...claims,
    };
    if (o.issuer !== undefined) body.iss = o.issuer;
    if (o.subject !== undefined) body.sub = o.subject;
    if (o.audience !== undefined) body.aud = o.audience ?? undefined;
    if (o.expiresInSec !== undefined) body.exp = now + o.expiresInSec;
    if (o.notBeforeSec !== undefined) body.nbf = now + o.notBeforeSec;
    if (o.issuedAtSec !== undefined) body.iat = now + o.issuedAtSec;
    if (o.scope !== undefined) body.scope = o.scope;
    return body;
  }

  return {
    issuer,
    jwksUri,
    audience,
    get currentKid() {
      return current.kid;
    },
    get jwksRequests() {
      return jwksRequests;
    },
    get discoveryRequests() {
      return discoveryRequests;
    },
    async mint(claims = {}, o = {}) {
      const key = o.signWith === 'unknown' ? await (unknown ??= newKey(alg)) : current;
      const signAlg = o.alg ?? alg;
      const header = { alg: signAlg, typ: 'JWT', kid: o.kid ?? key.kid, ...o.header };
      const input = `${b64url(header)}.${b64url(payload(claims, o))}`;
      return `${input}.${signature(signAlg, input, key.privateKey)}`;
    },
    mintUnsigned(claims = {}) {
      return `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url(payload(claims, {}))}.`;
    },
    async mintHs256WithPublicKey(claims = {}) {
      // The classic key-confusion attack: HMAC keyed with the issuer's public key (PEM), which
      // a verifier that trusts the header's alg would accept as a valid signature.
      const secret = current.publicKey.export({ format: 'pem', type: 'spki' });
      const header = { alg: 'HS256', typ: 'JWT', kid: current.kid };
      const input = `${b64url(header)}.${b64url(payload(claims, {}))}`;
      return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
    },
    async rotateKey() {
      current = await newKey(alg);
      keys = [...keys, current];
    },
    dropOldKeys() {
      keys = [current];
    },
    close() {
      if (closed) return Promise.resolve();
      closed = true;
      return new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}
