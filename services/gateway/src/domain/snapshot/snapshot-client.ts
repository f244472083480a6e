import { loadSnapshot } from './load-snapshot.js';
import type {
  PollOutcome,
  ServingState,
  SnapshotClientStats,
  SnapshotLogger,
  SnapshotSource,
} from './snapshot-source.js';

export interface SnapshotClientOptions<S, T> {
  readonly source: SnapshotSource;
  /** e.g. `(json) => gatewaySnapshotSchema.parse(json)`; throws on an invalid snapshot. */
  readonly validate: (json: unknown) => S;
  /** Runs once per new snapshot (policies, argument validators); throws to reject it. */
  readonly compile: (snapshot: S) => T;
  readonly clock: { now(): Date };
  readonly logger: SnapshotLogger;
  /** Default 2000. */
  readonly intervalMs?: number;
}

export interface SnapshotClient<S, T> {
  /** The state to serve from; hold the returned object for a whole request. */
  current(): ServingState<S, T> | undefined;
  /** False until the first good snapshot; never false again after it. */
  isReady(): boolean;
  /** Seconds since the last successful poll (200 or 304); Infinity before the first. */
  ageSeconds(): number;
  stats(): SnapshotClientStats;
  /** Called after each swap; returns an unsubscribe function. */
  onChange(listener: (state: ServingState<S, T>) => void): () => void;
  pollOnce(): Promise<PollOutcome>;
  /** Polls now, then every intervalMs (never overlapping) until stop(). */
  start(): void;
  stop(): Promise<void>;
}

export function createSnapshotClient<S, T>(
  options: SnapshotClientOptions<S, T>,
): SnapshotClient<S, T> {
  const { source, clock, logger } = options;
  const listeners = new Set<(state: ServingState<S, T>) => void>();
  let state: ServingState<S, T> | undefined;
  let lastSuccessMs: number | undefined;
  let stats = { polls: 0, failures: 0, consecutiveFailures: 0 } as SnapshotClientStats;
  let inFlight: Promise<PollOutcome> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let running = false;

  function succeeded(): void {
    lastSuccessMs = clock.now().getTime();
    if (stats.consecutiveFailures > 0) {
      logger.info('snapshot_poll_recovered', { after: stats.consecutiveFailures });
    }
    stats = { polls: stats.polls, failures: stats.failures, consecutiveFailures: 0 };
  }

  function failed(error: string): PollOutcome {
    const consecutiveFailures = stats.consecutiveFailures + 1;
    stats = {
      polls: stats.polls,
      failures: stats.failures + 1,
      consecutiveFailures,
      lastError: error,
    };
    // First failure of a streak, then every 15th (~30 s at the default interval), so an outage
    // does not flood the log but the age metric keeps moving.
    if (consecutiveFailures % 15 === 1) {
      // snapshotAgeSeconds feeds the CloudWatch metric filter behind the snapshot-age alarm.
      const snapshotAgeSeconds =
        lastSuccessMs === undefined
          ? -1
          : Math.round((clock.now().getTime() - lastSuccessMs) / 1000);
      logger.warn('snapshot_poll_failed', {
        error,
        consecutiveFailures,
        serving: state?.etag,
        snapshotAgeSeconds,
      });
    }
    return 'failed';
  }

  function swap(next: ServingState<S, T>): void {
    state = next; // the single assignment readers observe
    logger.info('snapshot_updated', { etag: next.etag });
    for (const listener of listeners) {
      try {
        listener(next);
      } catch (err) {
        logger.warn('snapshot_listener_failed', { error: String(err) });
      }
    }
  }

  async function poll(): Promise<PollOutcome> {
    stats = { ...stats, polls: stats.polls + 1 };
    let result;
    try {
      result = await source.fetch(state?.etag);
    } catch (err) {
      return failed(err instanceof Error ? err.message : String(err));
    }
    if (result.status === 'not_modified') {
      if (state === undefined) return failed('304 before any snapshot was received');
      succeeded();
      return 'not_modified';
    }
    const loaded = loadSnapshot(result.body, result.etag, { ...options, now: clock.now() });
    if (!loaded.ok) return failed(loaded.error);
    succeeded();
    swap(loaded.state);
    return 'updated';
  }

  function pollOnce(): Promise<PollOutcome> {
    inFlight ??= poll().finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  }

  function schedule(): void {
    if (!running) return;
    timer = setTimeout(() => {
      void pollOnce().finally(schedule);
    }, options.intervalMs ?? 2000);
    timer.unref();
  }

  return {
    current: () => state,
    isReady: () => state !== undefined,
    ageSeconds: () =>
      lastSuccessMs === undefined ? Infinity : (clock.now().getTime() - lastSuccessMs) / 1000,
    stats: () => stats,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    pollOnce,
    start() {
      if (running) return;
      running = true;
      void pollOnce().finally(schedule);
    },
    async stop() {
      running = false;
      clearTimeout(timer);
      await inFlight;
    },
  };
}
