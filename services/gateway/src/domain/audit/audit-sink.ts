import type { AuditEvent } from './audit-event.js';

/** Where batched audit events are stored (MongoDB `audit_events` in production). */
export interface AuditSink {
  /**
   * Stores the events in order. Must be idempotent per event id: a retried batch whose head was
   * already written succeeds without duplicating it.
   */
  write(events: readonly AuditEvent[]): Promise<void>;
  /** Resolves when the sink can take writes; for readiness. */
  ping(): Promise<void>;
}

/** The few logger methods the audit and snapshot building blocks use (winston fits). */
export interface AuditLogger {
  warn(message: string, meta?: Record<string, unknown>): void;
  error(message: string, meta?: Record<string, unknown>): void;
}
