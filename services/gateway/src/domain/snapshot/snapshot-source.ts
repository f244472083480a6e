/** One poll's answer from the registry (ARCHITECTURE §7). */
export type SnapshotFetchResult =
  | { readonly status: 'not_modified' }
  /** `body` is the raw JSON text; the client parses and validates it. */
  | { readonly status: 'ok'; readonly etag: string | undefined; readonly body: string };

/** Where snapshots come from: the registry's `/internal/v1/snapshot` in production. */
export interface SnapshotSource {
  /** Rejects on transport errors and unexpected statuses. */
  fetch(etag: string | undefined): Promise<SnapshotFetchResult>;
}

/** What the gateway serves from: the validated snapshot and what was compiled from it once. */
export interface ServingState<S, T> {
  readonly snapshot: S;
  readonly compiled: T;
  readonly etag: string | undefined;
  readonly receivedAt: Date;
}

export interface SnapshotLogger {
  info(message: string, meta?: Record<string, unknown>): void;
  warn(message: string, meta?: Record<string, unknown>): void;
}

export type PollOutcome = 'updated' | 'not_modified' | 'failed';

export interface SnapshotClientStats {
  readonly polls: number;
  readonly failures: number;
  readonly consecutiveFailures: number;
  readonly lastError?: string;
}
