/**
 * The process-wide state the health endpoints and the server share. Readiness is a promise to
 * the load balancer: once shutdown begins it must fail so traffic moves elsewhere while
 * in-flight requests drain.
 */
export interface Lifecycle {
  isReady(): boolean;
  isShuttingDown(): boolean;
  beginShutdown(): void;
}

export function createLifecycle(): Lifecycle {
  let shuttingDown = false;
  return {
    // Dependencies are judged by /readyz on each probe; the lifecycle only answers whether this
    // process still wants traffic at all.
    isReady: () => !shuttingDown,
    isShuttingDown: () => shuttingDown,
    beginShutdown: () => {
      shuttingDown = true;
    },
  };
}
