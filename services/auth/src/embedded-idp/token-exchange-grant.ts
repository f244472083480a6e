import { randomUUID } from 'node:crypto';
import { createLocalJWKSet, importJWK, jwtVerify, SignJWT, type JWK } from 'jose';
import { errors, type TokenEndpointGrantContext } from 'oidc-provider';
import type { SigningJwk } from './dev-secrets.js';

export const TOKEN_EXCHANGE_GRANT = 'urn:ietf:params:oauth:grant-type:token-exchange';
const ACCESS_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:access_token';
export const TOKEN_EXCHANGE_PARAMS = [
  'subject_token',
  'subject_token_type',
  'audience',
  'requested_token_type',
] as const;

export interface TokenExchangeGrantOptions {
  issuer: string;
  signingKey: SigningJwk;
  /** Audiences a subject token may carry to be exchanged (the gateway's resource URI). */
  acceptedSubjectAudiences: readonly string[];
  /** Client id → backend audiences it may exchange for. */
  allowedAudiences(clientId: string): readonly string[];
  accessTokenTtlSeconds: number;
}

type Params = Partial<Record<(typeof TOKEN_EXCHANGE_PARAMS)[number], string>>;

function publicJwk(key: SigningJwk): JWK {
  const { kty, n, e, kid, alg } = key as JWK;
  return { kty, n, e, kid, alg: alg ?? 'RS256', use: 'sig' } as JWK;
}

async function verifySubject(
  token: string,
  options: TokenExchangeGrantOptions,
  clientId: string,
): Promise<Record<string, unknown>> {
  try {
    const jwks = createLocalJWKSet({ keys: [publicJwk(options.signingKey)] });
    const { payload } = await jwtVerify(token, jwks, {
      issuer: options.issuer,
      audience: [...options.acceptedSubjectAudiences, clientId],
      algorithms: ['RS256'],
    });
    return payload as Record<string, unknown>;
  } catch {
    throw new errors.InvalidGrant('subject_token is invalid or expired');
  }
}

/**
 * RFC 8693 token exchange with Keycloak's standard (v2) semantics, for the embedded provider:
 * a confidential client allowed to exchange turns a user's access token (addressed to the
 * gateway or to the client itself) into one for a listed backend audience, with the same
 * subject. No impersonation, no external tokens, access tokens only.
 */
export function tokenExchangeGrant(options: TokenExchangeGrantOptions) {
  return async (ctx: TokenEndpointGrantContext<Params>): Promise<void> => {
    const { client, params } = ctx.oidc;
    const allowed = options.allowedAudiences(client.clientId);
    if (allowed.length === 0) throw new errors.UnauthorizedClient('token exchange not allowed');
    if (params.subject_token_type !== ACCESS_TOKEN_TYPE)
      throw new errors.InvalidRequest('subject_token_type must be an access token');
    if (
      params.requested_token_type !== undefined &&
      params.requested_token_type !== ACCESS_TOKEN_TYPE
    )
      throw new errors.InvalidRequest('only access tokens can be requested');
    const audience = params.audience;
    if (audience === undefined || !allowed.includes(audience))
      throw new errors.InvalidTarget('audience not allowed for this client');
    const subject = await verifySubject(params.subject_token ?? '', options, client.clientId);
    const now = Math.floor(Date.now() / 1000);
    const subjectExp = typeof subject.exp === 'number' ? subject.exp : now;
    const exp = Math.min(now + options.accessTokenTtlSeconds, subjectExp);
    const key = await importJWK(options.signingKey as JWK, 'RS256');
    const token = await new SignJWT({
      ...pick(subject, ['sub', 'preferred_username', 'groups', 'scope', 'sid']),
      azp: client.clientId,
      client_id: client.clientId,
    })
      .setProtectedHeader({ alg: 'RS256', kid: options.signingKey.kid, typ: 'at+jwt' })
      .setIssuer(options.issuer)
      .setAudience(audience)
      .setIssuedAt(now)
      .setExpirationTime(exp)
      .setJti(randomUUID())
      .sign(key);
    ctx.set('cache-control', 'no-store');
    ctx.body = {
      access_token: token,
      issued_token_type: ACCESS_TOKEN_TYPE,
      token_type: 'Bearer',
      expires_in: Math.max(0, exp - now),
    };
  };
}

function pick(source: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((k) => source[k] !== undefined).map((k) => [k, source[k]]));
}
