import type { AuditQueue } from './audit-queue.js';
import type { AuditSink } from './audit-sink.js';
import { backoffDelayMs, type RetryBackoff } from './retry-backoff.js';

export interface FlusherStatus {
  readonly failures: number;
  readonly failingSinceMs?: number;
  readonly lastError?: string;
  readonly nextAttemptAtMs: number;
}

/** Moves queued events to the sink in order, one batch at a time, never two drains at once. */
export interface AuditFlusher {
  /** Writes every queued batch; on a failure stops, schedules the retry and resolves false. */
  drain(): Promise<boolean>;
  /** True when no drain is running and the backoff after the last failure has passed. */
  due(nowMs: number): boolean;
  status(): FlusherStatus;
}

export function createAuditFlusher(deps: {
  queue: AuditQueue;
  sink: AuditSink;
  batchSize: number;
  backoff?: RetryBackoff;
  nowMs: () => number;
  /** Told about every failed batch write (the backoff bounds how often). */
  onFailure?: (error: string, consecutiveFailures: number) => void;
}): AuditFlusher {
  let running: Promise<boolean> | undefined;
  let failures = 0;
  let failingSinceMs: number | undefined;
  let lastError: string | undefined;
  let nextAttemptAtMs = 0;

  async function writeAll(): Promise<boolean> {
    // Bounded: every successful round removes at least one event; new arrivals are picked up by
    // the next drain rather than keeping this one alive forever.
    const rounds = Math.ceil(deps.queue.depth() / deps.batchSize);
    for (let round = 0; round < rounds; round += 1) {
      const batch = deps.queue.peek(deps.batchSize);
      if (batch.length === 0) break;
      try {
        await deps.sink.write(batch);
      } catch (err) {
        failures += 1;
        failingSinceMs ??= deps.nowMs();
        lastError = err instanceof Error ? err.message : String(err);
        nextAttemptAtMs = deps.nowMs() + backoffDelayMs(failures, deps.backoff);
        deps.onFailure?.(lastError, failures);
        return false;
      }
      deps.queue.drop(batch.length);
      failures = 0;
      failingSinceMs = undefined;
      lastError = undefined;
      nextAttemptAtMs = 0;
    }
    return deps.queue.depth() === 0;
  }

  return {
    drain() {
      running ??= writeAll().finally(() => {
        running = undefined;
      });
      return running;
    },
    due: (nowMs) => running === undefined && nowMs >= nextAttemptAtMs,
    status: () => ({
      failures,
      nextAttemptAtMs,
      ...(failingSinceMs === undefined ? {} : { failingSinceMs }),
      ...(lastError === undefined ? {} : { lastError }),
    }),
  };
}
