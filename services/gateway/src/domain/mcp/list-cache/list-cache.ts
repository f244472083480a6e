import type { ServingState } from '../../serving/serving-types.js';
import type { RequestScope } from '../request-scope.js';
import { createBoundedLru, type BoundedLru } from './bounded-lru.js';

type Json = Record<string, unknown>;

export interface ListCacheLimits {
  /** Distinct (principal, endpoint, list) entries kept per snapshot. */
  maxEntries: number;
  /** Listed items kept across all entries of one snapshot (bounds memory, ~0.2 KB each). */
  maxItems: number;
}

const DEFAULT_LIMITS: ListCacheLimits = { maxEntries: 512, maxItems: 50_000 };

/**
 * Filtered lists per snapshot and per everything visibility reads from the request: the
 * principal (subject, client, user, groups, effective scopes), the agent (version pins), the
 * endpoint and the list. Keyed on the compiled state's identity, so a new snapshot starts an empty
 * cache and the old one is collected with its state. Snapshots whose policies read the clock
 * (time windows) are never cached: visibility then changes without a new snapshot.
 */
export function createListCache(limits: ListCacheLimits = DEFAULT_LIMITS) {
  const perState = new WeakMap<ServingState, BoundedLru<readonly Json[]>>();

  function lruFor(state: ServingState): BoundedLru<readonly Json[]> | undefined {
    if (state.visibilityReadsClock !== false) return undefined;
    let lru = perState.get(state);
    if (lru === undefined) {
      lru = createBoundedLru({ maxEntries: limits.maxEntries, maxWeight: limits.maxItems });
      perState.set(state, lru);
    }
    return lru;
  }

  return {
    /** The cached list, or `build()`'s result, stored frozen; the same array while it is cached. */
    getOrBuild(scope: RequestScope, list: string, build: () => Json[]): readonly Json[] {
      const lru = lruFor(scope.state);
      if (lru === undefined) return build();
      const key = listCacheKey(scope, list);
      const cached = lru.get(key);
      if (cached !== undefined) return cached;
      const built = Object.freeze(build().map((item) => Object.freeze(item)));
      lru.set(key, built, Math.max(built.length, 1));
      return built;
    },
  };
}

/** Every request field visibility or version resolution reads; \u0000 cannot occur in them. */
export function listCacheKey(scope: RequestScope, list: string): string {
  const p = scope.principal;
  return [
    list,
    scope.serverFilter ?? '\u0001',
    scope.agentId,
    p.subject,
    p.clientId ?? '\u0001',
    p.userId ?? '\u0001',
    p.groups.join('\u0002'),
    p.scopes.join('\u0002'),
  ].join('\u0000');
}
