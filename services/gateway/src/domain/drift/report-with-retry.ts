import type { DriftReport, DriftReportOutcome, ReportDrift } from './drift-ports.js';

export interface RetryOptions {
  /** Attempts in total (first one included). */
  attempts: number;
  baseDelayMs: number;
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

/**
 * Sends one drift report with bounded retries and doubling delays. Resolves `undefined` when
 * every attempt failed: the caller keeps the report pending for its next check.
 */
export async function reportWithRetry(
  report: ReportDrift,
  body: DriftReport,
  options: RetryOptions,
  signal: AbortSignal,
): Promise<DriftReportOutcome | undefined> {
  for (let attempt = 1; attempt <= options.attempts; attempt += 1) {
    try {
      return await report(body, signal);
    } catch {
      if (attempt === options.attempts || signal.aborted) return undefined;
      await options.sleep(options.baseDelayMs * 2 ** (attempt - 1), signal).catch(() => undefined);
    }
  }
  return undefined;
}
