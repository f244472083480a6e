import type { StoredDocument } from '../ports/document-store.js';

export interface HealthSample {
  readonly at: string;
  readonly ok: boolean;
  readonly latencyMs: number;
  readonly error?: string;
}

/** The health of one server version as seen by the background prober. */
export interface HealthRecord extends StoredDocument {
  /** = the server version id. */
  readonly id: string;
  readonly status: 'unknown' | 'healthy' | 'unhealthy';
  readonly consecutiveFailures: number;
  readonly lastCheckedAt?: string;
  /** Newest first, bounded (HEALTH_HISTORY_LIMIT). */
  readonly history: readonly HealthSample[];
}

export const HEALTH_HISTORY_LIMIT = 20;
