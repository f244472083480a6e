/** What the gateway asks an approver to decide; the registry's approvals API stores it. */
export interface ApprovalRequest {
  agentId: string;
  subject: string;
  userId?: string;
  serverId: string;
  tool: string;
  environment: string;
  /** `sha256:<hex>` of the canonical arguments. */
  argumentsDigest: string;
  /** Present only when the server's data classification allows storing arguments. */
  arguments?: Record<string, unknown>;
  reasons: string[];
  ttlSeconds: number;
}

export type ApprovalStatus = 'pending' | 'approved' | 'denied' | 'expired';

/** The approvals store (the registry in production). Both calls may reject on transport errors. */
export interface ApprovalPort {
  create(
    request: ApprovalRequest,
    signal?: AbortSignal,
  ): Promise<{ id: string; expiresAt: string }>;
  status(id: string, signal?: AbortSignal): Promise<ApprovalStatus>;
}
