import { appError } from '@mcpgw/errors';
import type { GroupMapper } from './group-mapper.js';
import { isTrustworthyMetadataUrl } from './metadata-url.js';

export interface TrustedIssuerConfig {
  /** Compared exactly with the token's `iss`. */
  issuer: string;
  /** The token's `aud` must contain at least one of these. */
  audiences: string[];
  /** When absent, read once from the issuer's OpenID discovery document. */
  jwksUri?: string;
  /** Asymmetric algorithms only; defaults to DEFAULT_ALGORITHMS. */
  algorithms?: string[];
}

export interface TokenVerifierOptions {
  issuers: TrustedIssuerConfig[];
  clockToleranceSec?: number;
  groupMapper?: GroupMapper;
  /** Minimum interval between JWKS fetches triggered by an unknown key id. */
  jwksCooldownMs?: number;
  jwksCacheMaxAgeMs?: number;
  fetchTimeoutMs?: number;
  requireExp?: boolean;
  /** Clock in epoch milliseconds; injectable for tests. */
  now?: () => number;
}

export const DEFAULT_ALGORITHMS: readonly string[] = Object.freeze([
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'EdDSA',
]);

/** Everything a verifier may ever accept; symmetric algorithms and 'none' are not in it. */
const ASYMMETRIC_ALGORITHMS = new Set([...DEFAULT_ALGORITHMS, 'ES512', 'Ed25519']);

export interface ResolvedIssuer {
  issuer: string;
  audiences: string[];
  jwksUri: string | undefined;
  algorithms: string[];
}

export interface VerifierSettings {
  issuers: ResolvedIssuer[];
  clockToleranceSec: number;
  groupMapper: GroupMapper | undefined;
  jwksCooldownMs: number;
  jwksCacheMaxAgeMs: number;
  fetchTimeoutMs: number;
  requireExp: boolean;
  now: () => number;
}

function issuerProblems(config: TrustedIssuerConfig, index: number): string[] {
  const at = `issuers[${index}]`;
  const problems: string[] = [];
  if (typeof config.issuer !== 'string' || !isTrustworthyMetadataUrl(config.issuer))
    problems.push(`${at}.issuer must be an https URL (or http on loopback)`);
  if (!Array.isArray(config.audiences) || config.audiences.length === 0)
    problems.push(`${at}.audiences must list at least one audience`);
  else if (config.audiences.some((a) => typeof a !== 'string' || a === ''))
    problems.push(`${at}.audiences must be non-empty strings`);
  if (config.jwksUri !== undefined && !isTrustworthyMetadataUrl(config.jwksUri))
    problems.push(`${at}.jwksUri must be an https URL (or http on loopback)`);
  const algorithms = config.algorithms ?? DEFAULT_ALGORITHMS;
  if (algorithms.length === 0) problems.push(`${at}.algorithms must not be empty`);
  for (const alg of algorithms)
    if (!ASYMMETRIC_ALGORITHMS.has(alg))
      problems.push(`${at}.algorithms: '${String(alg)}' is not an allowed asymmetric algorithm`);
  return problems;
}

function durationProblem(name: string, value: number | undefined): string[] {
  if (value === undefined || (Number.isFinite(value) && value >= 0)) return [];
  return [`${name} must be a non-negative finite number`];
}

/** Validates everything up front and reports every problem at once (CONFIG_INVALID). */
export function resolveVerifierOptions(options: TokenVerifierOptions): VerifierSettings {
  const issuers = Array.isArray(options.issuers) ? options.issuers : [];
  const problems = issuers.flatMap(issuerProblems);
  if (issuers.length === 0) problems.push('issuers must list at least one trusted issuer');
  const names = issuers.map((i) => i.issuer);
  if (new Set(names).size !== names.length) problems.push('issuers must not repeat an issuer');
  problems.push(
    ...durationProblem('clockToleranceSec', options.clockToleranceSec),
    ...durationProblem('jwksCooldownMs', options.jwksCooldownMs),
    ...durationProblem('jwksCacheMaxAgeMs', options.jwksCacheMaxAgeMs),
    ...durationProblem('fetchTimeoutMs', options.fetchTimeoutMs),
  );
  if (problems.length > 0)
    throw appError('CONFIG_INVALID', 'The token verifier configuration is invalid.', {
      details: { problems },
    });
  return {
    issuers: issuers.map((i) => ({
      issuer: i.issuer,
      audiences: [...i.audiences],
      jwksUri: i.jwksUri,
      algorithms: [...(i.algorithms ?? DEFAULT_ALGORITHMS)],
    })),
    clockToleranceSec: options.clockToleranceSec ?? 30,
    groupMapper: options.groupMapper,
    jwksCooldownMs: options.jwksCooldownMs ?? 30_000,
    jwksCacheMaxAgeMs: options.jwksCacheMaxAgeMs ?? 10 * 60_000,
    fetchTimeoutMs: options.fetchTimeoutMs ?? 5_000,
    requireExp: options.requireExp ?? true,
    now: options.now ?? Date.now,
  };
}
