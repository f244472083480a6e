import { connectMongo, type MongoConnection } from '@mcpgw/mongo';
import { loadTestEnv, uniqueName } from '@mcpgw/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMongoDocumentStore } from '../../src/data-access/mongo/mongo-document-store.js';
import { describeDocumentStoreContract } from './document-store-contract.js';

// loadTestEnv throws when the environment is down: this suite fails, it never skips.
let connection: MongoConnection;
const databases: string[] = [];

beforeAll(async () => {
  const env = loadTestEnv();
  connection = await connectMongo({ uri: env.mongo.uri, dbName: uniqueName('registry_contract') });
});

afterAll(async () => {
  if (connection === undefined) return;
  for (const name of databases) {
    await connection.client
      .db(name)
      .dropDatabase()
      .catch(() => undefined);
  }
  await connection.close();
});

// A database per test keeps the contract's "fresh, empty store" promise; each is dropped after.
describeDocumentStoreContract(
  'mongo (FerretDB)',
  async () => {
    const name = uniqueName('registry_contract');
    databases.push(name);
    const db = connection.client.db(name);
    // The store must not close the shared client; afterAll does.
    const store = createMongoDocumentStore({ db, close: async () => undefined });
    return {
      store,
      cleanup: async () => {
        await db.dropDatabase();
      },
    };
  },
  {
    // FerretDB v1 runs update/delete as "query, then write by _id" (internal/handler/msg_update.go),
    // so two writers can both pass the rev check. DocumentDB applies the filter atomically.
    racyRevChecks: 'FerretDB v1 does not apply the rev filter atomically',
  },
);

describe('createMongoDocumentStore', () => {
  it('when pinged, then the server answers', async () => {
    const db = connection.client.db(uniqueName('registry_ping'));
    await expect(
      createMongoDocumentStore({ db, close: async () => undefined }).ping(),
    ).resolves.toBeUndefined();
  });

  it('when a document is inserted, then it is stored under _id with no id field', async () => {
    const name = uniqueName('registry_raw');
    databases.push(name);
    const db = connection.client.db(name);
    const store = createMongoDocumentStore({ db, close: async () => undefined });
    await store.collection('servers').insert({ id: 'raw-1' });
    const raw = await db.collection('servers').findOne({});
    expect(raw).toEqual({ _id: 'raw-1', rev: 1 });
  });
});
