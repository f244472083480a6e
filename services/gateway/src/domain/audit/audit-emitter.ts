import { randomUUID } from 'node:crypto';
import type { AuditEvent, AuditInput } from './audit-event.js';
import { buildAuditEvent } from './build-audit-event.js';
import { GENESIS_HASH } from './chain-hash.js';
import { createAuditFlusher, type AuditFlusher } from './audit-flusher.js';
import { createAuditQueue, type AuditQueue } from './audit-queue.js';
import type { AuditLogger, AuditSink } from './audit-sink.js';
import { auditHealth, type AuditHealth } from './audit-health.js';
import { createOverflowCounter } from './overflow-counter.js';
import type { RetryBackoff } from './retry-backoff.js';

export interface AuditEmitterOptions {
  /** Unique per process (seq restarts at 1): e.g. `gateway-<hostname>-<random>`. */
  readonly instance: string;
  readonly clock: { now(): Date };
  readonly sink: AuditSink;
  /** Receives one JSON line per event, synchronously, before anything is queued. */
  readonly stdout: (line: string) => void;
  readonly logger: AuditLogger;
  readonly bufferLimit?: number;
  readonly batchSize?: number;
  readonly flushIntervalMs?: number;
  readonly retryBackoff?: RetryBackoff;
  /** Not ready once the sink has failed for this long. Default 30 s. */
  readonly sinkFailureThresholdMs?: number;
  readonly newId?: () => string;
}

export interface AuditEmitter {
  /** Hot path: chains, prints and queues one event; never waits, never throws for the sink. */
  emit(input: AuditInput): AuditEvent;
  /** Writes what is queued now, ignoring the backoff; resolves true when the queue is empty. */
  flush(): Promise<boolean>;
  health(): AuditHealth;
  /** Starts the background flusher (an unref'd interval). */
  start(): void;
  /** Stops the flusher and keeps retrying the rest for at most `timeoutMs`; returns what is left. */
  close(options?: { timeoutMs?: number }): Promise<{ unflushed: number }>;
}

export function createAuditEmitter(options: AuditEmitterOptions): AuditEmitter {
  const nowMs = (): number => options.clock.now().getTime();
  const batchSize = options.batchSize ?? 100;
  const queue = createAuditQueue(options.bufferLimit ?? 10_000);
  const flusher = createAuditFlusher({
    queue,
    sink: options.sink,
    batchSize,
    nowMs,
    ...(options.retryBackoff === undefined ? {} : { backoff: options.retryBackoff }),
    // `event` is what the CloudWatch metric filter and the audit-sink alarm match on.
    onFailure: (error, consecutiveFailures) =>
      options.logger.error('audit_sink_failure', {
        event: 'audit_sink_failure',
        error,
        consecutiveFailures,
        depth: queue.depth(),
      }),
  });
  const overflow = createOverflowCounter(options.logger);
  const newId = options.newId ?? randomUUID;
  let seq = 0;
  let prevHash = GENESIS_HASH;
  let timer: NodeJS.Timeout | undefined;
  let soonScheduled = false;

  function tick(): void {
    soonScheduled = false;
    if (flusher.due(nowMs())) void flusher.drain();
  }

  function emit(input: AuditInput): AuditEvent {
    const now = options.clock.now();
    const position = { instance: options.instance, seq: seq + 1, prevHash };
    const { event, line } = buildAuditEvent(input, position, {
      id: newId(),
      at: now.toISOString(),
    });
    seq = event.seq;
    prevHash = event.hash;
    options.stdout(line);
    if (!queue.push(event, now.getTime())) overflow.dropped(event.seq);
    else overflow.accepted();
    if (timer !== undefined && !soonScheduled && queue.depth() >= batchSize) {
      soonScheduled = true;
      setImmediate(tick);
    }
    return event;
  }

  return {
    emit,
    flush: () => flusher.drain(),
    health: () =>
      auditHealth({
        nowMs: nowMs(),
        queue,
        flusher: flusher.status(),
        overflowed: overflow.total(),
        sinkFailureThresholdMs: options.sinkFailureThresholdMs ?? 30_000,
      }),
    start() {
      timer ??= setInterval(tick, options.flushIntervalMs ?? 1000);
      timer.unref();
    },
    async close(closeOptions = {}) {
      clearInterval(timer);
      timer = undefined;
      const unflushed = await drainUntil(flusher, queue, nowMs, closeOptions.timeoutMs ?? 5000);
      if (unflushed > 0) options.logger.error('audit_events_unflushed', { count: unflushed });
      return { unflushed };
    },
  };
}

async function drainUntil(
  flusher: AuditFlusher,
  queue: AuditQueue,
  nowMs: () => number,
  timeoutMs: number,
): Promise<number> {
  const deadline = nowMs() + timeoutMs;
  // Bounded by the deadline and by an attempt count, in case the clock does not move.
  for (let attempt = 0; attempt < 1000; attempt += 1) {
    if (await flusher.drain()) return 0;
    const wait = Math.min(flusher.status().nextAttemptAtMs, deadline) - nowMs();
    if (nowMs() >= deadline) break;
    await new Promise((resolve) => setTimeout(resolve, Math.max(wait, 1)));
  }
  return queue.depth();
}
