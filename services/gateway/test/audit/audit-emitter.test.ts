import { describe, expect, it } from 'vitest';
import {
  createAuditEmitter,
  type AuditEmitterOptions,
} from '../../src/domain/audit/audit-emitter.js';
import { chainHash, GENESIS_HASH } from '../../src/domain/audit/chain-hash.js';
import { verifyAuditChain } from '../../src/domain/audit/verify-audit-chain.js';
import { callInput, fakeClock, recordingLogger, switchableSink } from './support.js';

function setup(overrides: Partial<AuditEmitterOptions> = {}) {
  const clock = fakeClock();
  const sink = switchableSink();
  const logger = recordingLogger();
  const lines: string[] = [];
  const emitter = createAuditEmitter({
    instance: 'gw-test',
    clock,
    sink,
    logger,
    stdout: (line) => lines.push(line),
    ...overrides,
  });
  return { clock, sink, logger, lines, emitter };
}

describe('createAuditEmitter', () => {
  it('when events are emitted, then they carry seq, prevHash and the registry hash rule', () => {
    const { emitter } = setup();

    const first = emitter.emit(callInput(1));
    const second = emitter.emit(callInput(2));

    expect(first).toMatchObject({ source: 'gateway', instance: 'gw-test', seq: 1 });
    expect(first.prevHash).toBe(GENESIS_HASH);
    expect(second.prevHash).toBe(first.hash);
    expect(second.hash).toBe(chainHash({ ...second }));
    expect(first.at).toBe('2026-03-01T10:00:00.000Z');
  });

  it('when an event is emitted, then one JSON line reaches stdout before any flush', () => {
    const { emitter, lines, sink } = setup();

    const event = emitter.emit(callInput(1));

    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toEqual(event);
    expect(sink.attempts).toBe(0);
  });

  it('when flushed, then the sink receives the events in order in batches of batchSize', async () => {
    const { emitter, sink } = setup({ batchSize: 4 });
    for (let i = 0; i < 10; i += 1) emitter.emit(callInput(i));

    await expect(emitter.flush()).resolves.toBe(true);

    expect(sink.attempts).toBe(3);
    expect(sink.stored.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(emitter.health()).toMatchObject({ ok: true, depth: 0 });
  });

  it('when details hold tokens, secrets or bearer strings, then neither stdout nor the sink has them', async () => {
    const { emitter, lines, sink } = setup();
    const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhZ2VudCJ9.c2lnbmF0dXJl';
    emitter.emit(
      callInput(1, {
        details: {
          headers: { authorization: `Bearer ${jwt}`, 'x-api-key': 'k-123-secret-value' },
          accessToken: 'opaque-token-value',
          clientSecret: 'hunter2-secret-value',
          upstreamError: `upstream said: Bearer ${jwt}`,
          credentialRef: 'arn:aws:secretsmanager:eu-west-1:1:secret:weather',
        },
      }),
    );
    await emitter.flush();

    const everything = lines.join('\n') + JSON.stringify(sink.stored);
    for (const secret of [
      jwt,
      'opaque-token-value',
      'hunter2-secret-value',
      'k-123-secret-value',
    ]) {
      expect(everything).not.toContain(secret);
    }
    expect(everything).toContain('arn:aws:secretsmanager:eu-west-1:1:secret:weather');
    expect(verifyAuditChain(sink.stored)[0]).toMatchObject({ ok: true });
  });

  it('when the sink is down, then events stay queued in order and flush after recovery, none lost', async () => {
    const { emitter, sink, clock } = setup({ batchSize: 10, sinkFailureThresholdMs: 5000 });
    sink.down = true;
    for (let i = 0; i < 35; i += 1) emitter.emit(callInput(i));

    await expect(emitter.flush()).resolves.toBe(false);
    clock.advance(6000);
    const whileDown = emitter.health();
    sink.down = false;
    await expect(emitter.flush()).resolves.toBe(true);

    expect(whileDown).toMatchObject({ ok: false, depth: 35, oldestAgeMs: 6000 });
    expect(whileDown.lastError).toBe('connection refused');
    expect(sink.stored.map((e) => e.seq)).toEqual(Array.from({ length: 35 }, (_, i) => i + 1));
    expect(verifyAuditChain(sink.stored)).toEqual([{ instance: 'gw-test', ok: true, count: 35 }]);
    expect(emitter.health()).toEqual({ ok: true, depth: 0, oldestAgeMs: 0, overflowed: 0 });
  });

  it('when a batch write fails, then an error line with event audit_sink_failure is logged for the alarm', async () => {
    const { emitter, sink, logger } = setup();
    sink.down = true;
    emitter.emit(callInput(1));

    await emitter.flush();

    const line = logger.lines.find((l) => l.message === 'audit_sink_failure');
    expect(line?.level).toBe('error');
    expect(line?.meta).toMatchObject({ event: 'audit_sink_failure', depth: 1 });
  });

  it('when the sink has failed only briefly, then health stays ok', async () => {
    const { emitter, sink, clock } = setup({ sinkFailureThresholdMs: 5000 });
    sink.down = true;
    emitter.emit(callInput(1));
    await emitter.flush();
    clock.advance(1000);

    expect(emitter.health()).toMatchObject({ ok: true, depth: 1, lastError: 'connection refused' });
  });

  it('when the buffer is full, then overflow is counted and logged, stdout keeps every event', async () => {
    const { emitter, sink, lines, logger } = setup({ bufferLimit: 20 });
    sink.down = true;
    for (let i = 0; i < 25; i += 1) emitter.emit(callInput(i));

    const health = emitter.health();
    sink.down = false;
    await emitter.flush();

    expect(lines).toHaveLength(25);
    expect(health).toMatchObject({ ok: false, depth: 20, overflowed: 5 });
    expect(logger.lines.filter((l) => l.message === 'audit_buffer_overflow')).toEqual([
      {
        level: 'error',
        message: 'audit_buffer_overflow',
        meta: { overflowed: 1, firstSeq: 21, seq: 21 },
      },
    ]);
    expect(sink.stored).toHaveLength(20);
  });

  it('when overflowed events are missing from the sink, then the stored chain shows the gap', async () => {
    const { emitter, sink } = setup({ bufferLimit: 3 });
    sink.down = true;
    for (let i = 0; i < 5; i += 1) emitter.emit(callInput(i));
    sink.down = false;
    await emitter.flush();
    emitter.emit(callInput(6));
    await emitter.flush();

    expect(verifyAuditChain(sink.stored)[0]).toMatchObject({
      ok: false,
      message: 'instance gw-test seq 4: missing link (expected seq 4, found 6)',
    });
  });

  it('when the buffer is more than 90% full, then health is not ok even with a healthy sink', () => {
    const { emitter } = setup({ bufferLimit: 10 });
    for (let i = 0; i < 10; i += 1) emitter.emit(callInput(i));

    expect(emitter.health()).toMatchObject({ ok: false, depth: 10, overflowed: 0 });
  });

  it('when started and a full batch is queued, then it is written without waiting for the interval', async () => {
    const { emitter, sink } = setup({ batchSize: 5, flushIntervalMs: 3_600_000 });
    emitter.start();

    for (let i = 0; i < 5; i += 1) emitter.emit(callInput(i));
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    const written = sink.stored.length;
    await emitter.close({ timeoutMs: 0 });

    expect(written).toBe(5);
  });

  it('when closed with the sink up, then everything queued is written and the timer is gone', async () => {
    const { emitter, sink } = setup();
    emitter.start();
    for (let i = 0; i < 7; i += 1) emitter.emit(callInput(i));

    await expect(emitter.close({ timeoutMs: 1000 })).resolves.toEqual({ unflushed: 0 });

    expect(sink.stored).toHaveLength(7);
  });

  it('when closed with the sink down and no time left, then reports and logs the unflushed count', async () => {
    const { emitter, sink, logger } = setup();
    sink.down = true;
    for (let i = 0; i < 3; i += 1) emitter.emit(callInput(i));

    await expect(emitter.close({ timeoutMs: 0 })).resolves.toEqual({ unflushed: 3 });

    expect(logger.lines).toContainEqual({
      level: 'error',
      message: 'audit_events_unflushed',
      meta: { count: 3 },
    });
  });
});
