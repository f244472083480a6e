/**
 * A least-recently-used map bounded by entry count and by a total weight (e.g. items held), so a
 * few huge values cannot hold more memory than many small ones.
 */
export interface BoundedLru<V> {
  get(key: string): V | undefined;
  set(key: string, value: V, weight: number): void;
  size(): number;
  weight(): number;
}

export function createBoundedLru<V>(limits: {
  maxEntries: number;
  maxWeight: number;
}): BoundedLru<V> {
  const entries = new Map<string, { value: V; weight: number }>();
  let total = 0;

  function evictOldest(): void {
    const oldest = entries.keys().next();
    if (oldest.done === true) return;
    total -= entries.get(oldest.value)?.weight ?? 0;
    entries.delete(oldest.value);
  }

  return {
    get(key) {
      const entry = entries.get(key);
      if (entry === undefined) return undefined;
      // Map keeps insertion order: re-inserting marks the entry most recently used.
      entries.delete(key);
      entries.set(key, entry);
      return entry.value;
    },
    set(key, value, weight) {
      if (weight > limits.maxWeight) return;
      const previous = entries.get(key);
      if (previous !== undefined) {
        total -= previous.weight;
        entries.delete(key);
      }
      while (entries.size >= limits.maxEntries || total + weight > limits.maxWeight) evictOldest();
      entries.set(key, { value, weight });
      total += weight;
    },
    size: () => entries.size,
    weight: () => total,
  };
}
