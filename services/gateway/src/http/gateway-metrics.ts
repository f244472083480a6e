import { Counter, Histogram, type Registry } from 'prom-client';
import type { AuditRecord } from '../domain/mcp/request-scope.js';
import type { UpstreamPort, UpstreamRequest } from '../domain/routing/upstream-port.js';

/** Label values accepted for `method`; anything else (raw input) is counted as `other`. */
const KNOWN_METHODS = new Set([
  'tools/list',
  'tools/call',
  'resources/list',
  'resources/templates/list',
  'resources/read',
  'prompts/list',
  'prompts/get',
  'completion/complete',
  'initialize',
  'notifications/initialized',
  'notifications/cancelled',
  'ping',
  'server/discover',
  'session.get',
  'session.delete',
  'unauthenticated',
  'invalid',
  'not_ready',
  'unknown_server',
]);
const OUTCOMES = new Set(['success', 'failure', 'denied', 'held']);
const EFFECTS = new Set(['allow', 'deny', 'require_approval']);

export interface GatewayMetrics {
  /** One MCP request finished; `record` is the request's audit record. */
  recordRequest(method: string, record: AuditRecord, httpStatus: number): void;
  /** Times upstream calls; server and tool labels come from the snapshot route, never input. */
  instrumentUpstream(port: UpstreamPort): UpstreamPort;
}

/**
 * In-process counters for the hot path (PERFORMANCE.md): requests by method and outcome, policy
 * decisions by effect, upstream latency by server and tool. Every label value comes from a
 * closed set or from the compiled snapshot, so cardinality is bounded by the catalogue.
 */
export function createGatewayMetrics(registry: Registry, prefix = 'gateway_'): GatewayMetrics {
  const requests = new Counter({
    name: `${prefix}mcp_requests_total`,
    help: 'MCP requests answered, by JSON-RPC method and outcome.',
    labelNames: ['method', 'outcome'] as const,
    registers: [registry],
  });
  const decisions = new Counter({
    name: `${prefix}policy_decisions_total`,
    help: 'Policy decisions taken on MCP requests, by effect.',
    labelNames: ['effect'] as const,
    registers: [registry],
  });
  const upstream = new Histogram({
    name: `${prefix}upstream_duration_seconds`,
    help: 'Upstream call latency, by server and tool (from the snapshot).',
    labelNames: ['server', 'tool'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  return {
    recordRequest(method, record, httpStatus) {
      const outcome = record.outcome ?? (httpStatus < 400 ? 'success' : 'failure');
      requests.inc({
        method: KNOWN_METHODS.has(method) ? method : 'other',
        outcome: OUTCOMES.has(outcome) ? outcome : 'failure',
      });
      if (record.decision !== undefined && EFFECTS.has(record.decision))
        decisions.inc({ effect: record.decision });
    },
    instrumentUpstream(port) {
      return {
        async forward(request) {
          const end = upstream.startTimer(upstreamLabels(request));
          try {
            return await port.forward(request);
          } finally {
            end();
          }
        },
      };
    },
  };
}

/**
 * The route is the compiled snapshot's; `tools/call` params carry the pinned tool name the
 * domain resolved (callTool rewrites it), so neither label is agent-controlled.
 */
function upstreamLabels(request: UpstreamRequest): { server: string; tool: string } {
  const name = request.params['name'];
  return {
    server: request.route.serverId || 'unknown',
    tool: request.method === 'tools/call' && typeof name === 'string' ? name : 'unknown',
  };
}
