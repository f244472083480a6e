import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MongoServerError } from 'mongodb';
import { connectMongo, ensureIndexes, pingMongo } from '@mcpgw/mongo';
import type { MongoConnection } from '@mcpgw/mongo';
import { loadTestEnv, uniqueName } from '@mcpgw/testing';

interface ServerDoc {
  _id: string;
  slug: string;
  title: string;
  version: number;
}

describe('FerretDB (test environment)', () => {
  let conn: MongoConnection;

  beforeAll(async () => {
    const env = loadTestEnv();
    conn = await connectMongo({ uri: env.mongo.uri, dbName: uniqueName('smoke') });
  });

  afterAll(async () => {
    await conn?.db.dropDatabase();
    await conn?.close();
  });

  it('when pinged through @mcpgw/mongo, then answers', async () => {
    await expect(pingMongo(conn.db)).resolves.toBeUndefined();
  });

  it('when a document is inserted and updated with a version guard, then only the current version wins', async () => {
    const servers = conn.db.collection<ServerDoc>('servers');
    await servers.insertOne({ _id: 'srv-1', slug: 'crm', title: 'CRM', version: 1 });

    const first = await servers.updateOne(
      { _id: 'srv-1', version: 1 },
      { $set: { title: 'CRM v2' }, $inc: { version: 1 } },
    );
    const stale = await servers.updateOne(
      { _id: 'srv-1', version: 1 },
      { $set: { title: 'lost update' }, $inc: { version: 1 } },
    );

    expect(first.modifiedCount).toBe(1);
    expect(stale.matchedCount).toBe(0);
    expect(await servers.findOne({ _id: 'srv-1' })).toEqual({
      _id: 'srv-1',
      slug: 'crm',
      title: 'CRM v2',
      version: 2,
    });
  });

  it('when a unique index exists, then a duplicate insert fails with code 11000 and the index is listed', async () => {
    const result = await ensureIndexes(conn.db, [
      { collection: 'tenants', name: 'tenants_slug_unique', keys: { slug: 1 }, unique: true },
    ]);
    const tenants = conn.db.collection<{ slug: string }>('tenants');
    await tenants.insertOne({ slug: 'acme' });

    const duplicate = await tenants.insertOne({ slug: 'acme' }).catch((err: unknown) => err);

    expect(result.created).toEqual(['tenants_slug_unique']);
    expect(duplicate).toBeInstanceOf(MongoServerError);
    expect((duplicate as MongoServerError).code).toBe(11000);
    const indexes = await tenants.listIndexes().toArray();
    expect(indexes.map((i) => ({ name: i.name, unique: i.unique === true }))).toEqual(
      expect.arrayContaining([
        { name: '_id_', unique: false },
        { name: 'tenants_slug_unique', unique: true },
      ]),
    );
    expect(await tenants.countDocuments({ slug: 'acme' })).toBe(1);
  });
});
