import type { FetchJson } from './fetch-json.js';
import { isTrustworthyMetadataUrl } from './metadata-url.js';
import { tokenInvalid } from './token-errors.js';
import type { VerifierStats } from './verifier-stats.js';

export type JwksUriSource = () => Promise<string>;

function discoveryUrl(issuer: string): string {
  return `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
}

function readJwksUri(issuer: string, document: unknown): string {
  const doc = (typeof document === 'object' && document !== null ? document : {}) as Record<
    string,
    unknown
  >;
  // An issuer whose metadata names someone else is misconfigured or being impersonated
  // (OpenID Connect Discovery §4.3): never take keys from it.
  if (doc.issuer !== issuer) throw tokenInvalid('discovery');
  const jwksUri = doc.jwks_uri;
  if (typeof jwksUri !== 'string' || !isTrustworthyMetadataUrl(jwksUri))
    throw tokenInvalid('discovery');
  return jwksUri;
}

/**
 * Where an issuer's keys live: the configured URI, or the discovery document's `jwks_uri`,
 * fetched once and kept. Failures are not kept; callers rate-limit retries (the JWKS cache
 * only asks when it is allowed to fetch).
 */
export function createJwksUriSource(
  issuer: string,
  configured: string | undefined,
  fetchJson: FetchJson,
  stats: VerifierStats,
): JwksUriSource {
  if (configured !== undefined) return () => Promise.resolve(configured);
  let resolved: string | undefined;
  return async () => {
    if (resolved !== undefined) return resolved;
    let document: unknown;
    try {
      stats.discoveryFetches += 1;
      document = await fetchJson(discoveryUrl(issuer));
    } catch (cause) {
      stats.discoveryFailures += 1;
      throw tokenInvalid('discovery', cause);
    }
    try {
      resolved = readJwksUri(issuer, document);
    } catch (error) {
      stats.discoveryFailures += 1;
      throw error;
    }
    return resolved;
  };
}
