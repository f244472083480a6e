import type { ProgressUpdate } from '../routing/upstream-port.js';

/**
 * Sends one progress update to the agent under the agent's own `progressToken`; set by the
 * protocol layer only when the agent's request carried one.
 */
export type ProgressSink = (update: ProgressUpdate) => void;

export interface ProgressRelay {
  /** What to pass as `ForwardOptions.onProgress`; undefined when the agent asked for none. */
  onProgress: ((update: ProgressUpdate) => void) | undefined;
  /** The call is answered: later notifications would arrive after the result and are dropped. */
  end(): void;
}

const MAX_MESSAGE_LENGTH = 1_000;

/**
 * Filters what an upstream reports before it reaches the agent: numbers must be finite,
 * `progress` must increase (the spec requires it, and a client may reject a call otherwise),
 * messages are bounded, and nothing is relayed once the call has been answered.
 */
export function createProgressRelay(sink: ProgressSink | undefined): ProgressRelay {
  if (sink === undefined) return { onProgress: undefined, end: () => undefined };
  let open = true;
  let last = -Infinity;
  return {
    onProgress(update) {
      if (!open || !Number.isFinite(update.progress) || update.progress <= last) return;
      last = update.progress;
      const total = Number.isFinite(update.total) ? { total: update.total } : {};
      const message =
        typeof update.message === 'string'
          ? { message: update.message.slice(0, MAX_MESSAGE_LENGTH) }
          : {};
      sink({ progress: update.progress, ...total, ...message });
    },
    end() {
      open = false;
    },
  };
}

/** Runs a forward with the relay, closing it however the forward ends. */
export async function withProgress<T>(
  sink: ProgressSink | undefined,
  run: (onProgress: ProgressRelay['onProgress']) => Promise<T>,
): Promise<T> {
  // The common case (no progress asked for) stays a plain call on the hot path.
  if (sink === undefined) return run(undefined);
  const relay = createProgressRelay(sink);
  try {
    return await run(relay.onProgress);
  } finally {
    relay.end();
  }
}
