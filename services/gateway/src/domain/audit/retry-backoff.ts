export interface RetryBackoff {
  /** Delay before the first retry. Default 250 ms. */
  readonly initialMs?: number;
  /** Upper bound of the delay; retries continue at this pace forever. Default 30 s. */
  readonly maxMs?: number;
}

/** Exponential delay before retry number `failures` (1-based), capped at `maxMs`. */
export function backoffDelayMs(failures: number, backoff: RetryBackoff = {}): number {
  const initial = backoff.initialMs ?? 250;
  const max = backoff.maxMs ?? 30_000;
  const exponent = Math.min(Math.max(failures - 1, 0), 30);
  return Math.min(max, initial * 2 ** exponent);
}
