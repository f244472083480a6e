import { describe, expect, it } from 'vitest';
import { createAuditEmitter } from '../../src/domain/audit/audit-emitter.js';
import type { AuditEvent } from '../../src/domain/audit/audit-event.js';
import { verifyAuditChain } from '../../src/domain/audit/verify-audit-chain.js';
import { createAuditLog } from '../../../registry/src/domain/audit/audit-log.js';
import { createMemoryDocumentStore } from '../../../registry/src/data-access/memory/memory-document-store.js';
import { callInput, fakeClock, recordingLogger, switchableSink } from './support.js';

function chain(count: number, instance = 'gw-a'): AuditEvent[] {
  const emitter = createAuditEmitter({
    instance,
    clock: fakeClock(),
    sink: switchableSink(),
    stdout: () => undefined,
    logger: recordingLogger(),
  });
  return Array.from({ length: count }, (_, i) => emitter.emit(callInput(i)));
}

describe('verifyAuditChain', () => {
  it('when the chain is intact, then reports ok with the event count per instance', () => {
    const events = [...chain(5, 'gw-b'), ...chain(3, 'gw-a')];

    expect(verifyAuditChain(events)).toEqual([
      { instance: 'gw-a', ok: true, count: 3 },
      { instance: 'gw-b', ok: true, count: 5 },
    ]);
  });

  it('when records arrive shuffled, then they are checked in seq order and pass', () => {
    const events = chain(6).reverse();

    expect(verifyAuditChain(events)).toEqual([{ instance: 'gw-a', ok: true, count: 6 }]);
  });

  it('when a field of an event is edited, then names that seq with a hash mismatch', () => {
    const events = chain(10);
    events[4] = { ...events[4]!, outcome: 'denied' };

    const [result] = verifyAuditChain(events);

    expect(result).toMatchObject({ ok: false, seq: 5, problem: 'hash mismatch' });
    expect(result?.ok === false && result.message).toBe('instance gw-a seq 5: hash mismatch');
  });

  it('when a nested detail is edited, then the hash mismatch is still found', () => {
    const events = chain(4);
    events[2] = { ...events[2]!, details: { ...events[2]!.details, latencyMs: 9999 } };

    expect(verifyAuditChain(events)[0]).toMatchObject({ ok: false, seq: 3 });
  });

  it('when an event is deleted, then reports the missing link with expected and found seq', () => {
    const events = chain(10);
    events.splice(6, 1);

    const [result] = verifyAuditChain(events);

    expect(result?.ok === false && result.message).toBe(
      'instance gw-a seq 7: missing link (expected seq 7, found 8)',
    );
  });

  it('when two events swap places (seqs rewritten), then the first moved seq is named', () => {
    const events = chain(8);
    const third = events[2]!;
    const fourth = events[3]!;
    events[2] = { ...fourth, seq: 3 };
    events[3] = { ...third, seq: 4 };

    expect(verifyAuditChain(events)[0]).toMatchObject({
      ok: false,
      seq: 3,
      problem: 'prevHash mismatch',
    });
  });

  it('when the first event is gone, then the chain is reported broken at seq 1', () => {
    const events = chain(3).slice(1);

    expect(verifyAuditChain(events)[0]).toMatchObject({ ok: false, seq: 1 });
    expect(verifyAuditChain(events, { partial: true })[0]).toMatchObject({ ok: true, count: 2 });
  });

  it('when hash and content are both rewritten, then the next link names a prevHash mismatch', () => {
    const events = chain(5);
    events[1] = { ...events[1]!, hash: 'sha256:forged' };

    expect(verifyAuditChain(events)[0]).toMatchObject({ ok: false, seq: 2 });
  });

  it('when the registry wrote the chain, then the same verifier accepts it', async () => {
    const store = createMemoryDocumentStore();
    const log = createAuditLog({ store, clock: fakeClock(), instance: 'registry-1' });
    for (let i = 0; i < 4; i += 1) {
      await log.record({
        action: 'server.approve',
        actor: { subject: 'alice', roles: ['admin'] },
        target: { serverId: `s${i}`, versionId: 'v1' },
        outcome: 'success',
      });
    }
    const stored = await store.collection('audit_events').find();

    expect(verifyAuditChain(stored as never)).toEqual([
      { instance: 'registry-1', ok: true, count: 4 },
    ]);
  });
});
