import type { SecretSource } from '../../domain/credentials/secret-source.js';

export interface CachedSecretSourceOptions {
  ttlMs: number;
  now?: () => number;
}

interface Entry {
  value: Promise<string>;
  until: number;
}

/**
 * Wraps a remote fetch with a per-reference cache of `ttlMs`, so the hot path does not call the
 * secret store. Concurrent misses share one fetch; failures are not cached; `invalidate` is the
 * upstream-401 path. An entry replaced by `invalidate` cannot be deleted by its stale fetch.
 */
export function createCachedSecretSource(
  fetchSecret: (ref: string) => Promise<string>,
  options: CachedSecretSourceOptions,
): SecretSource {
  const now = options.now ?? Date.now;
  const cache = new Map<string, Entry>();
  return {
    get(ref) {
      const hit = cache.get(ref);
      if (hit !== undefined && now() < hit.until) return hit.value;
      const entry: Entry = { value: fetchSecret(ref), until: now() + options.ttlMs };
      cache.set(ref, entry);
      entry.value.catch(() => {
        if (cache.get(ref) === entry) cache.delete(ref);
      });
      return entry.value;
    },
    invalidate: (ref) => void cache.delete(ref),
  };
}
