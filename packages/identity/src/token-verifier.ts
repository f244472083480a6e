import { jwtVerify } from 'jose';
import { createJwksUriSource } from './discovery.js';
import { createFetchJson } from './fetch-json.js';
import { inspectToken } from './inspect-token.js';
import { createJwksCache } from './jwks-cache.js';
import type { JwksCache } from './jwks-cache.js';
import { toTokenError } from './map-jose-error.js';
import { buildPrincipal } from './principal.js';
import type { Principal } from './principal.js';
import { rejectReasonOf, tokenInvalid } from './token-errors.js';
import { resolveVerifierOptions } from './verifier-options.js';
import type { ResolvedIssuer, TokenVerifierOptions } from './verifier-options.js';
import { createVerifierStats, snapshotStats } from './verifier-stats.js';
import type { VerifierStats } from './verifier-stats.js';

export interface TokenVerifier {
  verify(token: string): Promise<Principal>;
}

export interface ObservableTokenVerifier extends TokenVerifier {
  /** A copy of the counters (verified, rejected by reason, JWKS and discovery fetches). */
  stats(): VerifierStats;
}

const MAX_METADATA_BYTES = 512 * 1024;

interface TrustedIssuer {
  config: ResolvedIssuer;
  keys: JwksCache;
}

/**
 * Verifies bearer JWTs against a fixed set of trusted issuers. The unverified `iss` only selects
 * which issuer's configuration and keys to use; everything else is decided by the signature and
 * that configuration. Nothing from the token (jku, x5u, kid…) can make us fetch or read anything.
 */
export function createTokenVerifier(options: TokenVerifierOptions): ObservableTokenVerifier {
  const settings = resolveVerifierOptions(options);
  const { now, clockToleranceSec: tolerance } = settings;
  const stats = createVerifierStats();
  const fetchJson = createFetchJson({
    timeoutMs: settings.fetchTimeoutMs,
    maxBytes: MAX_METADATA_BYTES,
  });
  const trusted = new Map<string, TrustedIssuer>();
  for (const config of settings.issuers) {
    const jwksUri = createJwksUriSource(config.issuer, config.jwksUri, fetchJson, stats);
    const keys = createJwksCache({
      jwksUri,
      fetchJson,
      cooldownMs: settings.jwksCooldownMs,
      maxAgeMs: settings.jwksCacheMaxAgeMs,
      now,
      stats,
    });
    trusted.set(config.issuer, { config, keys });
  }

  async function verifyOrThrow(token: string): Promise<Principal> {
    const untrusted = inspectToken(token);
    const issuer = trusted.get(untrusted.issuer);
    if (issuer === undefined) throw tokenInvalid('issuer');
    if (!issuer.config.algorithms.includes(untrusted.alg)) throw tokenInvalid('algorithm');
    const { payload } = await jwtVerify(token, (header) => issuer.keys.getKey(header), {
      issuer: issuer.config.issuer,
      audience: issuer.config.audiences,
      algorithms: issuer.config.algorithms,
      clockTolerance: tolerance,
      requiredClaims: settings.requireExp ? ['exp'] : [],
      currentDate: new Date(now()),
    });
    // jose checks `iat` only against a maximum age; a token minted in the future means a
    // skewed or compromised issuer.
    if (typeof payload.iat === 'number' && payload.iat > now() / 1000 + tolerance)
      throw tokenInvalid('issued_in_future');
    return buildPrincipal(payload as Record<string, unknown>, settings.groupMapper);
  }

  return {
    async verify(token) {
      try {
        const principal = await verifyOrThrow(token);
        stats.verified += 1;
        return principal;
      } catch (error) {
        const appErr = toTokenError(error);
        const reason = rejectReasonOf(appErr);
        stats.rejected += 1;
        stats.rejectedByReason[reason] = (stats.rejectedByReason[reason] ?? 0) + 1;
        throw appErr;
      }
    },
    stats: () => snapshotStats(stats),
  };
}
