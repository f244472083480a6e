import type { AuditRecord } from '../domain/mcp/request-scope.js';

/** The audit port this endpoint needs; the gateway's audit emitter satisfies it. */
export interface McpAuditSink {
  emit(event: {
    action: string;
    actor: { subject: string; clientId?: string };
    target: { serverId?: string; tool?: string; resource?: string };
    decision?: 'allow' | 'deny' | 'require_approval';
    reasons?: readonly string[];
    outcome: 'success' | 'failure' | 'denied' | 'held';
    requestId?: string;
    details?: Record<string, unknown>;
  }): unknown;
}

export interface AuditFacts {
  method: string;
  actor: { subject: string; clientId?: string };
  record: AuditRecord;
  httpStatus: number;
  latencyMs: number;
  era?: string;
  route: string;
  requestId?: string;
}

/** One event per MCP request; only ids, digests and statuses — never tokens, args or secrets. */
export function emitMcpAudit(sink: McpAuditSink, facts: AuditFacts): void {
  const { record } = facts;
  const outcome = record.outcome ?? (facts.httpStatus < 400 ? 'success' : 'failure');
  sink.emit({
    action: `mcp.${facts.method}`,
    actor: facts.actor,
    target: {
      ...(record.serverId === undefined ? {} : { serverId: record.serverId }),
      ...(record.tool === undefined ? {} : { tool: record.tool }),
      ...(record.resource === undefined ? {} : { resource: record.resource }),
    },
    ...(record.decision === undefined ? {} : { decision: record.decision }),
    ...(record.reasons === undefined ? {} : { reasons: record.reasons }),
    outcome,
    ...(facts.requestId === undefined ? {} : { requestId: facts.requestId }),
    details: {
      route: facts.route,
      httpStatus: facts.httpStatus,
      latencyMs: facts.latencyMs,
      ...(facts.era === undefined ? {} : { era: facts.era }),
      ...(record.upstreamStatus === undefined ? {} : { upstreamStatus: record.upstreamStatus }),
      ...(record.argumentDigest === undefined ? {} : { argumentDigest: record.argumentDigest }),
      ...(record.errorCode === undefined ? {} : { errorCode: record.errorCode }),
      ...(record.dryRun === true ? { dryRun: true } : {}),
    },
  });
}
