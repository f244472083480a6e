import type { AuditQueue } from './audit-queue.js';
import type { FlusherStatus } from './audit-flusher.js';

export interface AuditHealth {
  /** False when the sink has failed longer than the threshold or the buffer is over 90 % full. */
  readonly ok: boolean;
  readonly depth: number;
  readonly oldestAgeMs: number;
  readonly lastError?: string;
  /** Events refused by the full buffer since start (on stdout only). */
  readonly overflowed: number;
}

export function auditHealth(input: {
  nowMs: number;
  queue: AuditQueue;
  flusher: FlusherStatus;
  overflowed: number;
  sinkFailureThresholdMs: number;
}): AuditHealth {
  const { nowMs, queue, flusher } = input;
  const depth = queue.depth();
  const oldest = queue.oldestEnqueuedAtMs();
  const failingFor = flusher.failingSinceMs === undefined ? 0 : nowMs - flusher.failingSinceMs;
  const sinkFailing =
    flusher.failingSinceMs !== undefined && failingFor >= input.sinkFailureThresholdMs;
  const nearlyFull = depth > queue.limit * 0.9;
  return {
    ok: !sinkFailing && !nearlyFull,
    depth,
    oldestAgeMs: oldest === undefined ? 0 : Math.max(0, nowMs - oldest),
    overflowed: input.overflowed,
    ...(flusher.lastError === undefined ? {} : { lastError: flusher.lastError }),
  };
}
