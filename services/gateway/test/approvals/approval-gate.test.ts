import { describe, expect, it } from 'vitest';
import { createApprovalGate } from '../../src/domain/approvals/approval-gate.js';
import { fakeApprovals, fakeTime } from './approval-fakes.js';

const request = {
  agentId: 'agent-a',
  subject: 'svc-agent-a',
  serverId: 'crm',
  tool: 'erase',
  environment: 'dev',
  argumentsDigest: `sha256:${'a'.repeat(64)}`,
  reasons: ['policy approve-erase'],
};

describe('createApprovalGate', () => {
  it('when the approver approves on the third poll, then the outcome is approved after backoff that doubles up to the cap', async () => {
    const approvals = fakeApprovals((polls) => (polls >= 3 ? 'approved' : 'pending'));
    const time = fakeTime();
    const gate = createApprovalGate({
      port: approvals.port,
      ...time,
      waitMs: 120_000,
      maxHeldPerAgent: 2,
      pollInitialMs: 500,
      pollMaxMs: 1_000,
    });
    const held: string[] = [];
    const result = await gate.hold(request, new AbortController().signal, (id) => held.push(id));
    expect(result).toEqual({ kind: 'decided', id: 'apr-1', outcome: 'approved' });
    expect(held).toEqual(['apr-1']);
    expect(time.waits).toEqual([500, 1_000, 1_000]);
    expect(approvals.created[0]).toMatchObject({ ...request, ttlSeconds: 120 });
    expect(gate.heldCount()).toBe(0);
  });

  it('when nobody decides within the wait budget, then the outcome is timeout and polling stopped at the deadline', async () => {
    const approvals = fakeApprovals();
    const time = fakeTime();
    const gate = createApprovalGate({
      port: approvals.port,
      ...time,
      waitMs: 10_000,
      maxHeldPerAgent: 2,
    });
    const result = await gate.hold(request, new AbortController().signal, () => undefined);
    expect(result).toMatchObject({ kind: 'decided', outcome: 'timeout' });
    expect(time.waits.reduce((a, b) => a + b, 0)).toBe(10_000);
  });

  it('when the registry status read fails, then the poll is retried rather than treated as a decision', async () => {
    let calls = 0;
    const time = fakeTime();
    const gate = createApprovalGate({
      port: {
        create: async () => ({ id: 'apr-9', expiresAt: '2999-01-01T00:00:00.000Z' }),
        status: async () => {
          calls += 1;
          if (calls === 1) throw new Error('registry down');
          return 'denied';
        },
      },
      ...time,
      waitMs: 60_000,
      maxHeldPerAgent: 1,
    });
    const result = await gate.hold(request, new AbortController().signal, () => undefined);
    expect(result).toEqual({ kind: 'decided', id: 'apr-9', outcome: 'denied' });
  });

  it('when the agent already holds the maximum, then a further call is refused as busy without creating an approval', async () => {
    const approvals = fakeApprovals();
    const first = new AbortController();
    const gate = createApprovalGate({
      port: approvals.port,
      clock: { now: () => new Date(0) },
      sleep: abortableForever,
      waitMs: 60_000,
      maxHeldPerAgent: 1,
    });
    const held = gate.hold(request, first.signal, () => undefined);
    const busy = await gate.hold(request, new AbortController().signal, () => undefined);
    expect(busy).toEqual({ kind: 'busy' });
    expect(approvals.created).toHaveLength(1);
    expect(gate.heldCount()).toBe(1);
    first.abort();
    await expect(held).rejects.toThrow();
    expect(gate.heldCount()).toBe(0);
  });

  it('when the agent cancels while held, then the wait stops with the abort and the slot is freed', async () => {
    const approvals = fakeApprovals();
    const controller = new AbortController();
    const gate = createApprovalGate({
      port: approvals.port,
      clock: { now: () => new Date(0) },
      sleep: abortableForever,
      waitMs: 60_000,
      maxHeldPerAgent: 1,
    });
    const held = gate.hold(request, controller.signal, () => controller.abort());
    await expect(held).rejects.toThrow();
    expect(approvals.polls()).toBe(0);
    expect(gate.heldCount()).toBe(0);
  });

  it('when the registry cannot create the approval, then the outcome is unavailable', async () => {
    const gate = createApprovalGate({
      port: {
        create: async () => Promise.reject(new Error('503')),
        status: async () => 'pending',
      },
      ...fakeTime(),
      waitMs: 60_000,
      maxHeldPerAgent: 1,
    });
    expect(await gate.hold(request, new AbortController().signal, () => undefined)).toEqual({
      kind: 'unavailable',
    });
  });
});

/** A sleep that never ends by itself, only by the abort (as node:timers/promises does). */
function abortableForever(_ms: number, signal: AbortSignal): Promise<unknown> {
  return new Promise((_resolve, reject) => {
    if (signal.aborted) return reject(signal.reason as Error);
    signal.addEventListener('abort', () => reject(signal.reason as Error), { once: true });
  });
}
