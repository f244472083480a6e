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
  return {
    get(key) {
      const value = map.get(key);
      if (value !== undefined) {
        map.delete(key);
        map.set(key, value);
      }
      return value;
    },
    set(key, value) {
      map.delete(key);
      map.set(key, value);
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
