/**
 * Runs a rebuild at most once at a time: on demand, debounced after change notifications, and
 * periodically. Calls that arrive during a build coalesce into one follow-up build, so the
 * result always reflects writes made before the call. Timers are unref'd and cleared by stop().
 */
export interface Rebuilder {
  refresh(): Promise<void>;
  schedule(): void;
  stop(): void;
}

export function createRebuilder(options: {
  rebuild: () => Promise<void>;
  onError: (error: unknown) => void;
  refreshMs: number;
  debounceMs: number;
}): Rebuilder {
  let running: Promise<void> | undefined;
  let queued: Promise<void> | undefined;
  let debounce: NodeJS.Timeout | undefined;
  let stopped = false;

  const runOnce = async () => {
    try {
      await options.rebuild();
    } catch (error) {
      options.onError(error);
    }
  };
  const refresh = (): Promise<void> => {
    if (stopped) return Promise.resolve();
    if (!running) {
      running = runOnce().finally(() => (running = undefined));
      return running;
    }
    // A build is under way and may have read the store before the caller's write: queue one more.
    queued ??= running.then(() => {
      queued = undefined;
      return refresh();
    });
    return queued;
  };
  const interval = setInterval(() => void refresh(), options.refreshMs);
  interval.unref();
  return {
    refresh,
    schedule() {
      if (stopped) return;
      clearTimeout(debounce);
      debounce = setTimeout(() => void refresh(), options.debounceMs);
      debounce.unref();
    },
    stop() {
      stopped = true;
      clearInterval(interval);
      clearTimeout(debounce);
    },
  };
}
