import { createBoundedFetch, type BoundedFetch } from './bounded-fetch.js';
import { DEFAULT_TIMEOUT_MS, type UpstreamTarget } from './types.js';

/** Cleanup (closing a session) gets its own small budget so a timed-out run still says goodbye. */
const CLEANUP_BUDGET_MS = 2_000;

/**
 * One discovery, probe or detection run: its deadline, its bounded fetch and the values that
 * must never leak into an error message.
 */
export interface Operation {
  readonly startedAt: number;
  readonly signal: AbortSignal;
  readonly http: BoundedFetch;
  /** Header values the caller passed (credentials); scrubbed from every error text. */
  readonly secrets: string[];
  remainingMs(): number;
  timedOut(): boolean;
  /** Switches later requests to a fresh short budget for closing sessions. */
  beginCleanup(): void;
  dispose(): void;
}

export function startOperation(
  target: UpstreamTarget,
  defaultTimeoutMs = DEFAULT_TIMEOUT_MS,
): Operation {
  const startedAt = performance.now();
  const budget = target.timeoutMs ?? defaultTimeoutMs;
  const deadline = new AbortController();
  // A dropped connection fails the run at once instead of leaving it to wait for the deadline.
  const dropped = new AbortController();
  const timers = [setTimeout(() => deadline.abort(new Error('deadline')), budget)];
  const http = createBoundedFetch(target.fetch ?? globalThis.fetch, deadline.signal, {
    onDropped: () => dropped.abort(new Error('upstream dropped the connection')),
  });
  return {
    startedAt,
    signal: AbortSignal.any([deadline.signal, dropped.signal]),
    http,
    secrets: Object.values(target.headers ?? {}).filter((value) => value.length > 0),
    remainingMs: () => Math.max(1, Math.round(budget - (performance.now() - startedAt))),
    timedOut: () => deadline.signal.aborted,
    beginCleanup: () => {
      const cleanup = new AbortController();
      timers.push(
        setTimeout(() => cleanup.abort(new Error('cleanup deadline')), CLEANUP_BUDGET_MS),
      );
      http.useSignal(cleanup.signal);
    },
    dispose: () => timers.forEach(clearTimeout),
  };
}

export function elapsedMs(operation: Operation): number {
  return Math.round(performance.now() - operation.startedAt);
}

/**
 * Settles with the promise or rejects as soon as `signal` aborts: the SDK does not watch the
 * signal in every phase (e.g. its negotiation probe), and a dropped upstream must fail now.
 */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
