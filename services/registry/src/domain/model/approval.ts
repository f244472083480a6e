import type { StoredDocument } from '../ports/document-store.js';

export type ApprovalStatus = 'pending' | 'approved' | 'denied' | 'expired';

/** A held call (policy effect `require_approval`) waiting for a human decision. */
export interface Approval extends StoredDocument {
  readonly id: string;
  readonly status: ApprovalStatus;
  readonly requester: {
    readonly agentId: string;
    readonly subject: string;
    readonly userId?: string;
  };
  readonly serverId: string;
  readonly tool: string;
  readonly environment: string;
  /** `sha256:<hex>` of the canonical arguments; the arguments themselves only where classification allows. */
  readonly argumentsDigest: string;
  readonly arguments?: Readonly<Record<string, unknown>>;
  readonly reasons: readonly string[];
  readonly requestedBy: string;
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly decidedBy?: string;
  readonly decidedAt?: string;
  readonly decisionReason?: string;
}
