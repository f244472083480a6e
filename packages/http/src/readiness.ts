import { isAppError } from '@mcpgw/errors';

/** A dependency probe; it throws (or rejects) when the dependency is not usable. */
export interface ReadinessCheck {
  name: string;
  check: () => Promise<void>;
  /** Default 2000 ms. A probe that hangs must not hang the load balancer's health check. */
  timeoutMs?: number;
}

export interface ReadinessReport {
  ready: boolean;
  /** 'ok', 'timeout', 'failed', or the message of an AppError the check threw. */
  checks: Record<string, string>;
  /** Failures with their underlying errors, for the log only (never the response). */
  failures: Array<{ name: string; error: unknown }>;
}

export const DEFAULT_READINESS_TIMEOUT_MS = 2000;

class ReadinessTimeout extends Error {}

function withTimeout(check: ReadinessCheck): Promise<void> {
  const timeoutMs = check.timeoutMs ?? DEFAULT_READINESS_TIMEOUT_MS;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ReadinessTimeout()), timeoutMs);
  });
  // Promise.resolve().then() also catches a check that throws synchronously.
  const run = Promise.resolve().then(() => check.check());
  return Promise.race([run, timeout]).finally(() => clearTimeout(timer));
}

// Raw driver errors can name hosts or users; only AppError messages are written to be shown.
function shortReason(error: unknown): string {
  if (error instanceof ReadinessTimeout) return 'timeout';
  if (isAppError(error)) return error.message.slice(0, 200);
  return 'failed';
}

/** Runs every check in parallel, each bounded by its own timeout. */
export async function runReadinessChecks(
  checks: readonly ReadinessCheck[],
): Promise<ReadinessReport> {
  const results = await Promise.allSettled(checks.map(withTimeout));
  const report: ReadinessReport = { ready: true, checks: {}, failures: [] };
  results.forEach((result, index) => {
    const name = checks[index]?.name ?? `check-${index}`;
    if (result.status === 'fulfilled') {
      report.checks[name] = 'ok';
      return;
    }
    report.ready = false;
    report.checks[name] = shortReason(result.reason);
    report.failures.push({ name, error: result.reason });
  });
  return report;
}
