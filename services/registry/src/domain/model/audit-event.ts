import type { StoredDocument } from '../ports/document-store.js';

/**
 * One audit event (ARCHITECTURE §10). The registry writes one per control-plane change; the
 * gateway writes one per MCP request into the same collection. Events of one emitter instance
 * are hash-chained: `hash = sha256(prevHash + canonicalJson(event without hash))`.
 */
export interface AuditEvent extends StoredDocument {
  readonly id: string;
  readonly at: string;
  readonly source: 'registry' | 'gateway';
  readonly instance: string;
  readonly seq: number;
  readonly prevHash: string;
  readonly hash: string;
  readonly action: string;
  readonly actor: {
    readonly subject: string;
    readonly clientId?: string;
    readonly userId?: string;
    readonly roles?: readonly string[];
  };
  readonly target: {
    readonly serverId?: string;
    readonly versionId?: string;
    readonly tool?: string;
    readonly resource?: string;
    readonly id?: string;
  };
  readonly decision?: 'allow' | 'deny' | 'require_approval';
  readonly reasons?: readonly string[];
  readonly outcome: 'success' | 'failure' | 'denied' | 'held';
  readonly requestId?: string;
  readonly details?: Readonly<Record<string, unknown>>;
}
