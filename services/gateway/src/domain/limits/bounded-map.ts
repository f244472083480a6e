/**
 * A Map capped at `maxKeys`, least recently used first out. Lookups move a key to the back, so
 * eviction takes the entries idle the longest — for token buckets, usually ones that are full
 * again and can be forgotten without changing any answer.
 */
export interface BoundedMap<V> {
  get(key: string): V | undefined;
  set(key: string, value: V): void;
  readonly size: number;
  evictions(): number;
  entries(): IterableIterator<[string, V]>;
}

export function createBoundedMap<V>(maxKeys: number): BoundedMap<V> {
  const map = new Map<string, V>();
  let evicted = 0;
  // The most recently used key is already last: moving it again would only churn the Map's
  // table, which is what a busy agent hitting its own bucket on every call would do.
  let newest: string | undefined;
  return {
    get(key) {
      const value = map.get(key);
      if (value !== undefined && key !== newest) {
        map.delete(key);
        map.set(key, value);
        newest = key;
      }
      return value;
    },
    set(key, value) {
      if (key === newest && map.has(key)) {
        map.set(key, value);
        return;
      }
      map.delete(key);
      map.set(key, value);
      newest = key;
      // One insert exceeds the cap by at most one key, so this loop runs at most once.
      while (map.size > maxKeys) {
        const oldest = map.keys().next();
        if (oldest.done === true) break;
        map.delete(oldest.value);
        evicted += 1;
      }
    },
    get size() {
      return map.size;
    },
    evictions: () => evicted,
    entries: () => map.entries(),
  };
}
