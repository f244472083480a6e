import type { ApprovalPort, ApprovalRequest, ApprovalStatus } from './approval-port.js';

export type ApprovalOutcome = 'approved' | 'denied' | 'expired' | 'timeout';

export interface ApprovalGateOptions {
  port: ApprovalPort;
  clock: { now(): Date };
  /** Resolves after `ms` or rejects when `signal` aborts (node:timers/promises `setTimeout`). */
  sleep(ms: number, signal: AbortSignal): Promise<unknown>;
  /** How long one call may be held before the gateway gives up (GATEWAY_APPROVAL_WAIT_MS). */
  waitMs: number;
  /** Calls one agent may have held at once; more are refused (GATEWAY_APPROVAL_MAX_HELD_PER_AGENT). */
  maxHeldPerAgent: number;
  /** First poll interval; doubles up to `pollMaxMs`. */
  pollInitialMs?: number;
  pollMaxMs?: number;
}

export type HoldResult =
  | { kind: 'busy' }
  | { kind: 'unavailable' }
  | { kind: 'decided'; id: string; outcome: ApprovalOutcome };

export interface ApprovalGate {
  /** Creates the approval, calls `onHeld(id)`, then waits for the decision or the deadline. */
  hold(
    request: Omit<ApprovalRequest, 'ttlSeconds'>,
    signal: AbortSignal,
    onHeld: (id: string) => void,
  ): Promise<HoldResult>;
  /** Calls currently held, for metrics. */
  heldCount(): number;
}

/**
 * Holds `require_approval` calls until an approver decides. Polls with doubling intervals so a
 * quick approval answers quickly while a long wait costs few registry reads; every wait is
 * bounded by the deadline and stops as soon as the agent cancels (the sleep rejects).
 */
export function createApprovalGate(options: ApprovalGateOptions): ApprovalGate {
  const held = new Map<string, number>();
  const initial = options.pollInitialMs ?? 500;
  const max = Math.max(initial, options.pollMaxMs ?? 5_000);
  let total = 0;

  const wait = async (id: string, deadlineMs: number, signal: AbortSignal) => {
    let interval = initial;
    // Bounded: each round sleeps at least `initial` ms of injected time or ends the loop.
    const maxRounds = Math.ceil(options.waitMs / initial) + 2;
    for (let round = 0; round < maxRounds; round += 1) {
      const left = deadlineMs - options.clock.now().getTime();
      if (left <= 0) return 'timeout';
      await options.sleep(Math.min(interval, left), signal);
      interval = Math.min(interval * 2, max);
      const status = await readStatus(options.port, id, signal);
      if (status !== 'pending' && status !== undefined) return status;
    }
    return 'timeout';
  };

  return {
    async hold(request, signal, onHeld) {
      const count = held.get(request.agentId) ?? 0;
      if (count >= options.maxHeldPerAgent) return { kind: 'busy' };
      held.set(request.agentId, count + 1);
      total += 1;
      try {
        const ttlSeconds = Math.max(10, Math.ceil(options.waitMs / 1000));
        let created: { id: string; expiresAt: string };
        try {
          created = await options.port.create({ ...request, ttlSeconds }, signal);
        } catch (error) {
          if (signal.aborted) throw error;
          return { kind: 'unavailable' };
        }
        onHeld(created.id);
        const expiresMs = Date.parse(created.expiresAt);
        const budgetMs = options.clock.now().getTime() + options.waitMs;
        const deadline = Number.isNaN(expiresMs) ? budgetMs : Math.min(budgetMs, expiresMs);
        const outcome = await wait(created.id, deadline, signal);
        const final = outcome === 'timeout' && deadline === expiresMs ? 'expired' : outcome;
        return { kind: 'decided', id: created.id, outcome: final };
      } finally {
        total -= 1;
        const left = (held.get(request.agentId) ?? 1) - 1;
        if (left <= 0) held.delete(request.agentId);
        else held.set(request.agentId, left);
      }
    },
    heldCount: () => total,
  };
}

/** A failed read is a missed poll, not a decision: the next round tries again. */
async function readStatus(
  port: ApprovalPort,
  id: string,
  signal: AbortSignal,
): Promise<ApprovalStatus | undefined> {
  try {
    return await port.status(id, signal);
  } catch (error) {
    if (signal.aborted) throw error;
    return undefined;
  }
}
