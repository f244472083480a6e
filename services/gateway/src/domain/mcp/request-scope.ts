import type { PolicyPrincipal } from '@mcpgw/policy';
import type { ServingState } from '../serving/serving-types.js';

/** What one MCP request knows about itself; built by the HTTP layer after authentication. */
export interface RequestScope {
  principal: PolicyPrincipal;
  /** The agent: token client id, else subject. Limits and pins are keyed by it. */
  agentId: string;
  /** `/mcp/<id>` serves one server with original names; undefined is the aggregated `/mcp`. */
  serverFilter: string | undefined;
  state: ServingState;
  traceparent: string;
  /**
   * The agent's verified bearer token, kept only to exchange it for an on-behalf-of upstream's
   * token. Never logged, never audited, never forwarded as is.
   */
  subjectToken?: string;
  now: Date;
  /** Filled while the request runs; the HTTP layer emits it as the audit event. */
  record: AuditRecord;
}

export interface AuditRecord {
  serverId?: string;
  tool?: string;
  resource?: string;
  decision?: 'allow' | 'deny' | 'require_approval';
  reasons?: string[];
  outcome?: 'success' | 'failure' | 'denied' | 'held';
  upstreamStatus?: number;
  argumentDigest?: string;
  dryRun?: boolean;
  errorCode?: number;
}
