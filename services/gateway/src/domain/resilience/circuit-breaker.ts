export type CircuitState = 'closed' | 'open' | 'half_open';

export interface CircuitBreakerOptions {
  /** Consecutive failures (timeouts, connection errors, bad answers) that open the circuit. */
  failureThreshold: number;
  /** How long an open circuit refuses calls before one trial call is let through. */
  coolDownMs: number;
  clock: { now(): Date };
  /** Upper bound on tracked upstreams; the snapshot bounds them anyway. */
  maxEntries?: number;
}

/** A permit for one call; report exactly one of the outcomes (or `release` when cancelled). */
export interface CircuitPermit {
  success(): void;
  failure(): void;
  release(): void;
}

export interface CircuitBreakers {
  /** A permit, or undefined when the circuit is open (the call must not be sent). */
  acquire(key: string, label: string): CircuitPermit | undefined;
  state(key: string): CircuitState;
  /** Every tracked upstream's state by its label (server id), for metrics. */
  states(): Array<{ label: string; state: CircuitState }>;
}

interface Entry {
  label: string;
  state: CircuitState;
  failures: number;
  openedAtMs: number;
  trialInFlight: boolean;
}

/**
 * One breaker per upstream: closed → open after `failureThreshold` consecutive failures →
 * half-open after the cool-down, where exactly one trial call decides between closed and open.
 */
export function createCircuitBreakers(options: CircuitBreakerOptions): CircuitBreakers {
  const entries = new Map<string, Entry>();
  const maxEntries = options.maxEntries ?? 10_000;
  const now = () => options.clock.now().getTime();

  const entryOf = (key: string, label: string): Entry => {
    let entry = entries.get(key);
    if (entry === undefined) {
      if (entries.size >= maxEntries) evict(entries, maxEntries);
      entry = { label, state: 'closed', failures: 0, openedAtMs: 0, trialInFlight: false };
      entries.set(key, entry);
    }
    return entry;
  };
  const open = (entry: Entry) => {
    entry.state = 'open';
    entry.openedAtMs = now();
    entry.trialInFlight = false;
  };
  const permitFor = (entry: Entry, trial: boolean): CircuitPermit => {
    let done = false;
    const settle = (fn: () => void) => () => {
      if (done) return;
      done = true;
      if (trial) entry.trialInFlight = false;
      fn();
    };
    return {
      success: settle(() => {
        entry.state = 'closed';
        entry.failures = 0;
      }),
      failure: settle(() => {
        entry.failures += 1;
        if (trial || entry.failures >= options.failureThreshold) open(entry);
      }),
      release: settle(() => undefined),
    };
  };

  return {
    acquire(key, label) {
      const entry = entryOf(key, label);
      if (entry.state === 'open' && now() - entry.openedAtMs >= options.coolDownMs) {
        entry.state = 'half_open';
      }
      if (entry.state === 'closed') return permitFor(entry, false);
      if (entry.state === 'half_open' && !entry.trialInFlight) {
        entry.trialInFlight = true;
        return permitFor(entry, true);
      }
      return undefined;
    },
    state: (key) => entries.get(key)?.state ?? 'closed',
    states: () => [...entries.values()].map(({ label, state }) => ({ label, state })),
  };
}

function evict(entries: Map<string, Entry>, maxEntries: number): void {
  for (const [key, entry] of entries) {
    if (entry.state === 'closed') entries.delete(key);
  }
  // Still full of open circuits: forget the oldest one rather than grow without bound.
  if (entries.size > 0 && entries.size >= maxEntries) {
    const first = entries.keys().next();
    if (first.done !== true) entries.delete(first.value);
  }
}
