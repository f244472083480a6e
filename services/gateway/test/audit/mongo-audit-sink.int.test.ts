import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectMongo, ensureIndexes, type MongoConnection } from '@mcpgw/mongo';
import { loadTestEnv, uniqueName } from '@mcpgw/testing';
import { auditVerify } from '../../src/cli/audit-verify.js';
import { AUDIT_INDEXES } from '../../src/data-access/audit-indexes.js';
import { readAuditEvents } from '../../src/data-access/mongo-audit-reader.js';
import { createMongoAuditSink, toAuditRow } from '../../src/data-access/mongo-audit-sink.js';
import { createAuditEmitter } from '../../src/domain/audit/audit-emitter.js';
import type { AuditEvent } from '../../src/domain/audit/audit-event.js';
import { verifyAuditChain, type ChainedRecord } from '../../src/domain/audit/verify-audit-chain.js';
import { callInput, fakeClock, recordingLogger } from './support.js';

// Throws when the environment is absent: integration tests fail loudly, never skip.
const env = loadTestEnv();
const dbName = uniqueName('gw_audit');
let connection: MongoConnection;

beforeAll(async () => {
  connection = await connectMongo({ uri: env.mongo.uri, dbName });
  await ensureIndexes(connection.db, AUDIT_INDEXES);
});

afterAll(async () => {
  await connection?.db.dropDatabase();
  await connection?.close();
});

function emitterFor(instance: string) {
  return createAuditEmitter({
    instance,
    clock: fakeClock(),
    sink: createMongoAuditSink(connection.db),
    stdout: () => undefined,
    logger: recordingLogger(),
  });
}

async function readAll(instance: string): Promise<ChainedRecord[]> {
  const records: ChainedRecord[] = [];
  for await (const record of readAuditEvents(connection.db, { instance })) records.push(record);
  return records;
}

async function runCli(instance: string): Promise<{ code: number; lines: string[] }> {
  const lines: string[] = [];
  const args = ['--mongo-uri', env.mongo.uri, '--db', dbName, '--instance', instance];
  const code = await auditVerify(args, (line) => lines.push(line));
  return { code, lines };
}

describe('createMongoAuditSink', () => {
  it('when 1,000 events go through the emitter, then the chain read back from the database verifies', async () => {
    const instance = `gw-${randomUUID()}`;
    const emitter = emitterFor(instance);
    for (let i = 0; i < 1000; i += 1) emitter.emit(callInput(i));

    await expect(emitter.flush()).resolves.toBe(true);

    expect(verifyAuditChain(await readAll(instance))).toEqual([
      { instance, ok: true, count: 1000 },
    ]);
    await expect(runCli(instance)).resolves.toEqual({
      code: 0,
      lines: [`instance ${instance}: ok 1000 events`],
    });
  });

  it('when a stored event is edited or deleted, then audit-verify exits 1 naming the seq', async () => {
    const instance = `gw-${randomUUID()}`;
    const emitter = emitterFor(instance);
    for (let i = 0; i < 50; i += 1) emitter.emit(callInput(i));
    await emitter.flush();
    const events = connection.db.collection('audit_events');

    await events.updateOne({ instance, seq: 40 }, { $set: { outcome: 'denied' } });
    const edited = await runCli(instance);
    await events.deleteOne({ instance, seq: 20 });
    const deleted = await runCli(instance);

    expect(edited).toEqual({ code: 1, lines: [`instance ${instance} seq 40: hash mismatch`] });
    expect(deleted).toEqual({
      code: 1,
      lines: [`instance ${instance} seq 20: missing link (expected seq 20, found 21)`],
    });
  });

  it('when a retried batch was partly written before, then the rest is stored once each', async () => {
    const instance = `gw-${randomUUID()}`;
    const batch: AuditEvent[] = [];
    const emitter = createAuditEmitter({
      instance,
      clock: fakeClock(),
      sink: { write: () => Promise.resolve(), ping: () => Promise.resolve() },
      stdout: () => undefined,
      logger: recordingLogger(),
    });
    for (let i = 0; i < 6; i += 1) batch.push(emitter.emit(callInput(i)));
    await connection.db
      .collection('audit_events')
      .insertMany(batch.slice(0, 3).map(toAuditRow) as never);

    await createMongoAuditSink(connection.db).write(batch);

    const stored = await readAll(instance);
    expect(stored.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(verifyAuditChain(stored)[0]).toMatchObject({ ok: true, count: 6 });
  });

  it('when another event already holds the same instance and seq, then the write is refused', async () => {
    const instance = `gw-${randomUUID()}`;
    const first = emitterFor(instance);
    first.emit(callInput(1));
    await first.flush();
    const impostor = emitterFor(instance);
    impostor.emit(callInput(2));

    await expect(impostor.flush()).resolves.toBe(false);

    expect(impostor.health()).toMatchObject({ depth: 1 });
    expect(impostor.health().lastError).toMatch(/duplicate key/i);
  });

  it('when the sink is pinged against a live database, then it resolves', async () => {
    await expect(createMongoAuditSink(connection.db).ping()).resolves.toBeUndefined();
  });
});
