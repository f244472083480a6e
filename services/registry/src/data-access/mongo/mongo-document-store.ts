import { ensureIndexes, pingMongo, type IndexSpec } from '@mcpgw/mongo';
import type { Db } from 'mongodb';
import type {
  CollectionName,
  DocumentStore,
  IndexDefinition,
  StoredDocument,
} from '../../domain/ports/document-store.js';
import { mongoPath } from './field-path.js';
import type { MongoRow } from './map-document.js';
import { createMongoCollection } from './mongo-collection.js';

/** What the adapter needs from a connection; `MongoConnection` from @mcpgw/mongo fits. */
export interface MongoStoreConnection {
  readonly db: Db;
  close(): Promise<void>;
}

function toIndexSpec(index: IndexDefinition): IndexSpec {
  const keys: Record<string, 1 | -1> = {};
  for (const [field, direction] of Object.entries(index.keys)) keys[mongoPath(field)] = direction;
  return {
    collection: index.collection,
    name: index.name,
    keys,
    ...(index.unique === true ? { unique: true } : {}),
  };
}

/**
 * The DocumentStore on the MongoDB wire protocol: DocumentDB in production, FerretDB in tests.
 * Uses single-document writes guarded by `rev` only, so nothing needs transactions.
 */
export function createMongoDocumentStore(connection: MongoStoreConnection): DocumentStore {
  const { db } = connection;
  return {
    collection<T extends StoredDocument>(name: CollectionName) {
      return createMongoCollection<T>(db.collection<MongoRow>(name));
    },
    async ensureIndexes(indexes) {
      await ensureIndexes(db, indexes.map(toIndexSpec));
    },
    ping: () => pingMongo(db),
    close: () => connection.close(),
  };
}
