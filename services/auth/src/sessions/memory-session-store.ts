import type { SessionRecord, SessionStore } from './session-store.js';

const DEFAULT_MAX_RECORDS = 50_000;

/**
 * Sessions in process memory: one instance only, lost on restart. For dev and tests. Bounded,
 * dropping the oldest records first, so a flood of login attempts cannot exhaust memory.
 */
export function createMemorySessionStore(maxRecords = DEFAULT_MAX_RECORDS): SessionStore {
  const records = new Map<string, SessionRecord>();
  const live = (key: string, now: number): SessionRecord | undefined => {
    const record = records.get(key);
    if (record === undefined) return undefined;
    if (record.expiresAt > now) return structuredClone(record);
    records.delete(key);
    return undefined;
  };
  return {
    async put(record) {
      records.delete(record.key);
      records.set(record.key, structuredClone(record));
      while (records.size > maxRecords) {
        const oldest = records.keys().next();
        if (oldest.done === true) break;
        records.delete(oldest.value);
      }
    },
    async get(key, now) {
      return live(key, now);
    },
    async take(key, now) {
      const record = live(key, now);
      records.delete(key);
      return record;
    },
    async delete(key) {
      records.delete(key);
    },
    async sweep(now) {
      let removed = 0;
      for (const [key, record] of records)
        if (record.expiresAt <= now) {
          records.delete(key);
          removed += 1;
        }
      return removed;
    },
  };
}
