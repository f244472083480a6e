/** In-process counters a metrics exporter can read; cheap enough for the hot path. */
export interface VerifierStats {
  verified: number;
  rejected: number;
  rejectedByReason: Record<string, number>;
  /** Fetch attempts, successful or not. */
  jwksFetches: number;
  jwksFetchFailures: number;
  discoveryFetches: number;
  discoveryFailures: number;
}

export function createVerifierStats(): VerifierStats {
  return {
    verified: 0,
    rejected: 0,
    rejectedByReason: {},
    jwksFetches: 0,
    jwksFetchFailures: 0,
    discoveryFetches: 0,
    discoveryFailures: 0,
  };
}

export function snapshotStats(stats: VerifierStats): VerifierStats {
  return { ...stats, rejectedByReason: { ...stats.rejectedByReason } };
}
