import type { MongoConnection } from '@mcpgw/mongo';
import type { SessionRecord, SessionStore } from './session-store.js';

export const SESSIONS_COLLECTION = 'sessions';

type SessionDocument = Omit<SessionRecord, 'key'> & { _id: string };

function toRecord(document: SessionDocument | null): SessionRecord | undefined {
  if (document === null) return undefined;
  const { _id, ...rest } = document;
  return { ...rest, key: _id } as SessionRecord;
}

/**
 * Sessions in the registry database. Expiry is enforced in every query and by `sweep`, not by a
 * TTL index: FerretDB does not implement them and DocumentDB deletes late.
 */
export function createMongoSessionStore(
  db: MongoConnection['db'],
): SessionStore & { ensureIndexes(): Promise<void> } {
  const collection = db.collection<SessionDocument>(SESSIONS_COLLECTION);
  const liveById = (key: string, now: number) => ({ _id: key, expiresAt: { $gt: now } });
  return {
    async ensureIndexes() {
      await collection.createIndex({ expiresAt: 1 }, { name: 'expiresAt_1' });
    },
    async put(record) {
      const { key, ...rest } = record;
      await collection.replaceOne({ _id: key }, rest, { upsert: true });
    },
    async get(key, now) {
      return toRecord(await collection.findOne(liveById(key, now)));
    },
    async take(key, now) {
      const found = await collection.findOneAndDelete({ _id: key });
      const record = toRecord(found);
      return record !== undefined && record.expiresAt > now ? record : undefined;
    },
    async delete(key) {
      await collection.deleteOne({ _id: key });
    },
    async sweep(now) {
      const result = await collection.deleteMany({ expiresAt: { $lte: now } });
      return result.deletedCount;
    },
  };
}

export type MongoSessionStore = ReturnType<typeof createMongoSessionStore>;
