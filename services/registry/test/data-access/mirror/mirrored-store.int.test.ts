import { connectMongo, type MongoConnection } from '@mcpgw/mongo';
import { loadTestEnv, uniqueName } from '@mcpgw/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createMirroredStore,
  type MirroredStore,
} from '../../../src/data-access/mirror/mirrored-store.js';
import { createMongoDocumentStore } from '../../../src/data-access/mongo/mongo-document-store.js';
import { REGISTRY_INDEXES } from '../../../src/domain/indexes.js';
import type { CollectionName, StoredDocument } from '../../../src/domain/ports/document-store.js';
import { createChangeNotifier } from '../../../src/domain/registry-context.js';

interface Version extends StoredDocument {
  serverId: string;
  status: string;
  updatedAt: string;
}

// loadTestEnv throws when the environment is down: this suite fails, it never skips.
let connection: MongoConnection;
const dbName = uniqueName('registry_mirror');

beforeAll(async () => {
  connection = await connectMongo({ uri: loadTestEnv().mongo.uri, dbName });
  await createMongoDocumentStore({ db: connection.db, close: async () => undefined }).ensureIndexes(
    REGISTRY_INDEXES,
  );
});

afterAll(async () => {
  if (connection === undefined) return;
  await connection.db.dropDatabase();
  await connection.close();
});

/** One registry task: its own mirror over the shared database, its own clock and notifier. */
async function task(clock: { now: () => Date }) {
  const notified: CollectionName[] = [];
  const changes = createChangeNotifier();
  changes.subscribe((collection) => notified.push(collection));
  const errors: string[] = [];
  const store: MirroredStore = createMirroredStore(
    // The shared client is closed by afterAll, not by a task.
    createMongoDocumentStore({ db: connection.db, close: async () => undefined }),
    {
      syncMs: 3_600_000, // passes are driven with syncNow()
      fullResyncMs: 300_000,
      clock,
      logger: {
        info: () => undefined,
        warn: () => undefined,
        error: (message, meta) => errors.push(`${message} ${JSON.stringify(meta)}`),
      },
      changes,
    },
  );
  await store.start();
  return { store, versions: store.collection<Version>('server_versions'), notified, errors };
}

const live = { status: { in: ['approved_dev', 'approved_prod', 'deprecated'] } };
const summary = (docs: readonly Version[]) => docs.map((d) => `${d.id}:${d.status}@${d.rev}`);

describe('createMirroredStore on FerretDB', () => {
  it('when two registry tasks share the database, then each sees the other’s writes after a sync and its deletes after a full resync', async () => {
    let now = Date.now();
    const clock = { now: () => new Date(now) };
    const a = await task(clock);
    const b = await task(clock);
    try {
      const stamp = () => new Date(now).toISOString();
      const v1 = await a.versions.insert({
        id: 'crm@1.0.0',
        serverId: 'crm',
        status: 'approved_prod',
        updatedAt: stamp(),
      });
      await b.versions.insert({
        id: 'hr@1.0.0',
        serverId: 'hr',
        status: 'draft',
        updatedAt: stamp(),
      });
      // Own writes at once; the other task's not yet.
      expect(summary(await a.versions.scan())).toEqual(['crm@1.0.0:approved_prod@1']);
      expect(summary(await b.versions.scan())).toEqual(['hr@1.0.0:draft@1']);

      now += 2_000;
      await a.versions.replace({ ...v1, status: 'deprecated', updatedAt: stamp() }, 1);
      await Promise.all([a.store.syncNow(), b.store.syncNow()]);
      expect(summary(await b.versions.scan(live))).toEqual(['crm@1.0.0:deprecated@2']);
      expect(summary(await a.versions.scan())).toEqual([
        'crm@1.0.0:deprecated@2',
        'hr@1.0.0:draft@1',
      ]);
      expect(b.notified).toContain('server_versions');

      await a.versions.delete('hr@1.0.0', 1);
      now += 2_000;
      await b.store.syncNow();
      expect(summary(await b.versions.scan())).toHaveLength(2); // deletes wait for the resync
      now += 300_000;
      await b.store.syncNow();
      expect(summary(await b.versions.scan())).toEqual(['crm@1.0.0:deprecated@2']);
      expect([...a.errors, ...b.errors]).toEqual([]);
    } finally {
      await a.store.close();
      await b.store.close();
    }
  });
});
