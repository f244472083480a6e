import type { AuditEvent } from './audit-event.js';

interface Queued {
  readonly event: AuditEvent;
  readonly enqueuedAtMs: number;
}

/**
 * The bounded FIFO between the hot path and the sink. `push` refuses when full instead of
 * evicting, so what is queued is always a contiguous, ordered run of the chain.
 */
export interface AuditQueue {
  push(event: AuditEvent, nowMs: number): boolean;
  /** The oldest `max` events, left in place until `drop` confirms they were written. */
  peek(max: number): AuditEvent[];
  drop(count: number): void;
  depth(): number;
  oldestEnqueuedAtMs(): number | undefined;
  readonly limit: number;
}

export function createAuditQueue(limit: number): AuditQueue {
  let items: Queued[] = [];
  let head = 0;
  return {
    limit,
    push(event, nowMs) {
      if (items.length - head >= limit) return false;
      items.push({ event, enqueuedAtMs: nowMs });
      return true;
    },
    peek(max) {
      return items.slice(head, head + max).map((item) => item.event);
    },
    drop(count) {
      head = Math.min(items.length, head + count);
      // Compact now and then so the array does not grow with the total ever written.
      if (head > 1024 && head * 2 > items.length) {
        items = items.slice(head);
        head = 0;
      }
    },
    depth: () => items.length - head,
    oldestEnqueuedAtMs: () => items[head]?.enqueuedAtMs,
  };
}
