/**
 * One gateway audit event (ARCHITECTURE §10), the same shape the registry writes into
 * `audit_events`, so one verifier and one query API serve both. Never carries tokens or secret
 * values: `details` is scrubbed before it is hashed.
 */
export interface AuditEvent {
  readonly id: string;
  readonly at: string;
  readonly source: 'registry' | 'gateway';
  readonly instance: string;
  readonly seq: number;
  readonly prevHash: string;
  readonly hash: string;
  readonly action: string;
  readonly actor: AuditActor;
  readonly target: AuditTarget;
  readonly decision?: 'allow' | 'deny' | 'require_approval';
  readonly reasons?: readonly string[];
  readonly outcome: 'success' | 'failure' | 'denied' | 'held';
  readonly requestId?: string;
  /** Argument digest, scopes used, upstream status, latencyMs, correlation id… */
  readonly details?: Readonly<Record<string, unknown>>;
}

export interface AuditActor {
  readonly subject: string;
  readonly clientId?: string;
  readonly userId?: string;
}

export interface AuditTarget {
  readonly serverId?: string;
  readonly tool?: string;
  readonly resource?: string;
}

/** What a request handler supplies; the emitter adds identity, time and the chain fields. */
export type AuditInput = Omit<
  AuditEvent,
  'id' | 'at' | 'source' | 'instance' | 'seq' | 'prevHash' | 'hash'
>;
