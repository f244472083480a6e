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
  let items: Array<Queued | undefined> = [];
  let head = 0;
  return {
    limit,
    push(event, nowMs) {
      if (items.length - head >= limit) return false;
      items.push({ event, enqueuedAtMs: nowMs });
      return true;
    },
    peek(max) {
      const end = Math.min(items.length, head + max);
      const batch: AuditEvent[] = [];
      for (let i = head; i < end; i += 1) batch.push((items[i] as Queued).event);
      return batch;
    },
    drop(count) {
      const end = Math.min(items.length, head + count);
      // Written events are let go at once: left in the array until the next compaction, they
      // outlived the young generation and were promoted, a full GC's worth per second at load.
      for (let i = head; i < end; i += 1) items[i] = undefined;
      head = end;
      // Compact now and then so the array does not grow with the total ever written.
      if (head === items.length) {
        items = [];
        head = 0;
      } else if (head > 1024 && head * 2 > items.length) {
        items = items.slice(head);
        head = 0;
      }
    },
    depth: () => items.length - head,
    oldestEnqueuedAtMs: () => items[head]?.enqueuedAtMs,
  };
}
