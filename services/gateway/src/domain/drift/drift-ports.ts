import type { UpstreamRoute } from '../serving/serving-types.js';

/**
 * Lists an upstream version's live tools, every page, items exactly as the upstream sent them.
 * Implemented next to the upstream pool (era cached per URL, the same guarded dispatcher).
 */
export type ListLiveTools = (
  route: UpstreamRoute,
  headers: Record<string, string>,
  signal: AbortSignal,
) => Promise<readonly Record<string, unknown>[]>;

/** The registry's `POST /internal/v1/drift` body. */
export interface DriftReport {
  serverId: string;
  version: string;
  kind: 'tool';
  name: string;
  liveHash: string;
  reporter: string;
}

/**
 * Sends one report. Resolves `recorded` (2xx) or `rejected` (a 4xx the registry will answer
 * again the same way: retrying is pointless); throws when a retry may succeed.
 */
export type ReportDrift = (report: DriftReport, signal: AbortSignal) => Promise<DriftReportOutcome>;
export type DriftReportOutcome = 'recorded' | 'rejected';

/** The audit port; the gateway's audit emitter satisfies it. */
export interface DriftAuditSink {
  emit(event: {
    action: string;
    actor: { subject: string };
    target: { serverId?: string; tool?: string };
    decision?: 'deny';
    reasons?: readonly string[];
    outcome: 'denied';
    details?: Record<string, unknown>;
  }): unknown;
}

export interface DriftLogger {
  warn(message: string, meta?: Record<string, unknown>): void;
  info(message: string, meta?: Record<string, unknown>): void;
}
