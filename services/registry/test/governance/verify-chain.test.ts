import { describe, expect, it } from 'vitest';
import { createAuditLog } from '../../src/domain/audit/audit-log.js';
import { verifyAuditChain } from '../../src/domain/audit-query/verify-chain.js';
import type { AuditEvent } from '../../src/domain/model/audit-event.js';
import { createMemoryDocumentStore } from '../../src/data-access/memory/memory-document-store.js';

const actor = { subject: 'u-admin', roles: ['platform-admin'] };

async function writtenChain(instances: string[], perInstance: number): Promise<AuditEvent[]> {
  const store = createMemoryDocumentStore();
  const clock = { now: () => new Date('2026-03-01T10:00:00.000Z') };
  for (const instance of instances) {
    const log = createAuditLog({ store, clock, instance });
    for (let i = 0; i < perInstance; i += 1) {
      await log.record({
        action: 'scope.create',
        actor,
        target: { id: `s${i}` },
        outcome: 'success',
      });
    }
  }
  return store.collection<AuditEvent>('audit_events').find();
}

describe('verifyAuditChain', () => {
  it('when the chains of two instances are intact, then ok with the count', async () => {
    const events = await writtenChain(['a', 'b'], 3);

    expect(verifyAuditChain(events)).toEqual({ ok: true, count: 6 });
  });

  it('when an event was edited, then hash_mismatch at its seq', async () => {
    const events = await writtenChain(['a'], 3);
    const tampered = events.map((e) =>
      e.seq === 2 ? { ...e, actor: { ...e.actor, subject: 'u-evil' } } : e,
    );

    expect(verifyAuditChain(tampered)).toEqual({
      ok: false,
      instance: 'a',
      seq: 2,
      problem: 'hash_mismatch',
    });
  });

  it('when an event was deleted, then missing_link at the missing seq', async () => {
    const events = await writtenChain(['a', 'b'], 4);

    const verdict = verifyAuditChain(events.filter((e) => !(e.instance === 'b' && e.seq === 3)));

    expect(verdict).toEqual({ ok: false, instance: 'b', seq: 3, problem: 'missing_link' });
  });

  it('when an edited event was re-hashed, then the next link reports prev_mismatch', async () => {
    const events = await writtenChain(['a'], 3);
    const { chainHash } = await import('../../src/domain/audit/audit-log.js');
    const rehashed = events.map((e) => {
      if (e.seq !== 2) return e;
      const { hash: _h, rev: _r, ...rest } = { ...e, outcome: 'failure' as const };
      return { ...rest, rev: e.rev, hash: chainHash(rest) };
    });

    expect(verifyAuditChain(rehashed)).toMatchObject({
      ok: false,
      seq: 3,
      problem: 'prev_mismatch',
    });
  });

  it('when the input is in any order, then it is still verified by seq', async () => {
    const events = await writtenChain(['a'], 5);

    expect(verifyAuditChain([...events].reverse())).toEqual({ ok: true, count: 5 });
  });
});
