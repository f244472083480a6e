import { createLocalJWKSet, errors } from 'jose';
import type { JSONWebKeySet, JWSHeaderParameters } from 'jose';
import type { JwksUriSource } from './discovery.js';
import type { FetchJson } from './fetch-json.js';
import { tokenInvalid } from './token-errors.js';
import type { VerifierStats } from './verifier-stats.js';

type LocalSet = ReturnType<typeof createLocalJWKSet>;
type VerifyKey = Awaited<ReturnType<LocalSet>>;

export interface JwksCacheOptions {
  jwksUri: JwksUriSource;
  fetchJson: FetchJson;
  cooldownMs: number;
  maxAgeMs: number;
  now: () => number;
  stats: VerifierStats;
}

export interface JwksCache {
  /** The verification key for a token header, or TOKEN_INVALID ('unknown_key', …). */
  getKey(header: JWSHeaderParameters): Promise<VerifyKey>;
}

const MAX_KEYS = 100;

function toKeySet(body: unknown): JSONWebKeySet {
  const keys = (body as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(keys) || keys.length > MAX_KEYS) throw new Error('not a usable JWKS');
  return { keys } as JSONWebKeySet;
}

/**
 * One issuer's keys, held in memory. Written around jose's createLocalJWKSet rather than
 * createRemoteJWKSet so that (1) every fetch — first load, refresh on age, refetch on an unknown
 * `kid` — shares one cooldown, which bounds what a flood of forged kids can cost the issuer;
 * (2) aged keys are refreshed in the background and kept when the refresh fails (the gateway
 * must ride out a Keycloak outage without waiting on it); (3) fetches are counted for
 * metrics; (4) the URI may come from discovery.
 */
export function createJwksCache(options: JwksCacheOptions): JwksCache {
  const { now, stats } = options;
  let keySet: LocalSet | undefined;
  let fetchedAt = Number.NEGATIVE_INFINITY;
  let lastAttemptAt = Number.NEGATIVE_INFINITY;
  let inflight: Promise<void> | undefined;

  const mayFetch = (): boolean => now() - lastAttemptAt >= options.cooldownMs;

  async function load(): Promise<void> {
    const uri = await options.jwksUri();
    try {
      stats.jwksFetches += 1;
      keySet = createLocalJWKSet(toKeySet(await options.fetchJson(uri)));
      fetchedAt = now();
    } catch (cause) {
      stats.jwksFetchFailures += 1;
      throw tokenInvalid('jwks_unavailable', cause);
    }
  }

  /** Joins a fetch in progress, or starts one. Concurrent callers share a single request. */
  function refresh(): Promise<void> {
    if (inflight === undefined) {
      lastAttemptAt = now();
      inflight = load().finally(() => {
        inflight = undefined;
      });
    }
    return inflight;
  }

  async function ensureLoaded(): Promise<void> {
    if (keySet !== undefined) {
      // Old keys are still the best we have: refresh in the background so no request waits
      // on the issuer, and keep them if the refresh fails (the issuer may be down).
      if (now() - fetchedAt > options.maxAgeMs && inflight === undefined && mayFetch())
        refresh().catch(() => undefined);
      return;
    }
    if (inflight === undefined && !mayFetch()) throw tokenInvalid('jwks_unavailable');
    await refresh();
  }

  async function lookup(header: JWSHeaderParameters): Promise<VerifyKey | undefined> {
    try {
      return await (keySet as LocalSet)(header);
    } catch (error) {
      if (error instanceof errors.JWKSNoMatchingKey) return undefined;
      if (error instanceof errors.JWKSMultipleMatchingKeys) throw tokenInvalid('ambiguous_key');
      if (error instanceof errors.JOSENotSupported) throw tokenInvalid('algorithm');
      throw tokenInvalid('invalid', error);
    }
  }

  return {
    async getKey(header) {
      await ensureLoaded();
      const key = await lookup(header);
      if (key !== undefined) return key;
      // Unknown kid: maybe the issuer rotated. Refetch at most once per cooldown.
      if (inflight === undefined && !mayFetch()) throw tokenInvalid('unknown_key');
      await refresh().catch(() => undefined);
      const retried = await lookup(header);
      if (retried === undefined) throw tokenInvalid('unknown_key');
      return retried;
    },
  };
}
