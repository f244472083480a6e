import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectMongo, type MongoConnection } from '@mcpgw/mongo';
import { loadTestEnv, uniqueName } from '@mcpgw/testing';
import { createMongoSessionStore } from '../../src/sessions/mongo-session-store.js';
import { createSessionService } from '../../src/sessions/session-service.js';

describe('createMongoSessionStore (FerretDB)', () => {
  let connection: MongoConnection;
  const dbName = uniqueName('sessions').replace(/[^A-Za-z0-9_]/g, '_');

  beforeAll(async () => {
    const { mongo } = loadTestEnv();
    connection = await connectMongo({ uri: mongo.uri, dbName });
  });
  afterAll(async () => {
    await connection?.db.dropDatabase();
    await connection?.close();
  });

  it('when a session is created, resumed, expired and swept, then the collection reflects each step', async () => {
    let now = Date.now();
    const store = createMongoSessionStore(connection.db);
    await store.ensureIndexes();
    const sessions = createSessionService(
      store,
      { absoluteSeconds: 120, idleSeconds: 60, loginSeconds: 60 },
      () => now,
    );
    const { cookieValue } = await sessions.create({
      subject: 'carol',
      username: 'carol',
      name: 'Carol',
      groups: ['team-crm'],
      roles: ['server-owner:crm'],
      scopes: [],
      idToken: 'id',
      accessToken: 'at',
      accessTokenExpiresAt: now,
    });
    const login = await sessions.beginLogin({
      state: 's',
      nonce: 'n',
      codeVerifier: 'v',
      returnTo: '/',
    });

    const resumed = await sessions.resume(cookieValue);
    const redeemed = await sessions.redeemLogin(login);
    const replayed = await sessions.redeemLogin(login);
    now += 61_000;
    const expired = await sessions.resume(cookieValue);
    const swept = await sessions.sweep();
    const left = await connection.db.collection('sessions').countDocuments();

    expect(resumed).toMatchObject({ subject: 'carol', roles: ['server-owner:crm'] });
    expect(redeemed).toMatchObject({ state: 's' });
    expect(replayed).toBeUndefined();
    expect(expired).toBeUndefined();
    expect(swept).toBe(1);
    expect(left).toBe(0);
  });
});
