import type {
  ApprovalPort,
  ApprovalRequest,
  ApprovalStatus,
} from '../../src/domain/approvals/approval-port.js';

/** An in-memory approvals store whose decisions the test scripts per poll. */
export function fakeApprovals(decide: (polls: number) => ApprovalStatus = () => 'pending') {
  const created: ApprovalRequest[] = [];
  let polls = 0;
  const port: ApprovalPort = {
    async create(request) {
      created.push(request);
      return { id: `apr-${created.length}`, expiresAt: '2999-01-01T00:00:00.000Z' };
    },
    async status() {
      polls += 1;
      return decide(polls);
    },
  };
  return { port, created, polls: () => polls };
}

/** A clock that only moves when the injected sleep is called; records every wait. */
export function fakeTime(startMs = Date.parse('2026-03-01T10:00:00.000Z')) {
  let now = startMs;
  const waits: number[] = [];
  return {
    clock: { now: () => new Date(now) },
    waits,
    sleep: async (ms: number, signal: AbortSignal) => {
      signal.throwIfAborted();
      waits.push(ms);
      now += ms;
    },
  };
}
