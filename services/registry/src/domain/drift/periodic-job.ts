import type { DomainLogger } from '../registry-context.js';

/** A background job as main.ts wires it; tests call runOnce() and never start the timer. */
export interface BackgroundJob {
  /** Runs every intervalMs after the previous run finished (never overlapping). */
  start(): void;
  /** Stops scheduling and waits for a run in progress. */
  stop(): Promise<void>;
  /** One run now; joins a run already in progress instead of starting a second one. */
  runOnce(): Promise<void>;
}

/**
 * Interval runner shared by the drift monitor and the health prober. The next run is scheduled
 * only after the current one ends, so a slow upstream can delay runs but never stack them.
 * Errors are logged, not thrown: one bad pass must not stop the job.
 */
export function createPeriodicJob(options: {
  readonly name: string;
  readonly intervalMs: number;
  readonly logger: DomainLogger;
  readonly run: () => Promise<void>;
}): BackgroundJob {
  let inFlight: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let stopped = true;

  function runOnce(): Promise<void> {
    inFlight ??= options
      .run()
      .catch((error: unknown) => {
        options.logger.error(`${options.name} run failed`, {
          error: error instanceof Error ? error.message : String(error),
        });
      })
      .finally(() => {
        inFlight = undefined;
      });
    return inFlight;
  }

  function schedule(): void {
    if (stopped) return;
    timer = setTimeout(() => void runOnce().then(schedule), options.intervalMs);
    // A pending run must not keep the process alive on shutdown.
    timer.unref();
  }

  return {
    start() {
      if (!stopped) return;
      stopped = false;
      schedule();
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await inFlight;
    },
    runOnce,
  };
}
