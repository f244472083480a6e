import type { Server } from 'node:http';
import type { Logger } from '@mcpgw/logger';

// Keep-alive connections turn idle as their last response ends; sweeping them often lets the
// server close soon after the last in-flight request instead of at the keep-alive timeout.
const IDLE_SWEEP_MS = 100;

/**
 * Stops accepting connections and waits for in-flight requests, up to `timeoutMs`; then cuts
 * whatever is still open. Resolves once the server has fully closed.
 */
export async function drainServer(
  server: Server,
  timeoutMs: number,
  logger: Logger,
): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const sweep = setInterval(() => server.closeIdleConnections(), IDLE_SWEEP_MS);
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  try {
    const outcome = await Promise.race([closed.then(() => 'drained' as const), timedOut]);
    if (outcome === 'timeout') {
      logger.warn('drain timed out; closing the remaining connections', { timeoutMs });
      server.closeAllConnections();
      await closed;
    }
  } finally {
    clearInterval(sweep);
    clearTimeout(timer);
  }
}

/** Runs each closer in order, bounded in time; one failing closer does not skip the rest. */
export async function runClosers(
  closers: ReadonlyArray<() => Promise<void>>,
  timeoutMs: number,
  logger: Logger,
): Promise<void> {
  for (const [index, closer] of closers.entries()) {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`closer timed out after ${timeoutMs} ms`)),
        timeoutMs,
      );
    });
    try {
      await Promise.race([Promise.resolve().then(closer), timeout]);
    } catch (error) {
      logger.error('shutdown closer failed', {
        closer: index,
        error: error instanceof Error ? error.message : String(error),
      });
    } finally {
      clearTimeout(timer);
    }
  }
}
