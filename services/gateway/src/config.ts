import { z } from 'zod';
import { env } from '@mcpgw/config';

/**
 * Every environment variable the gateway service reads, keyed by its name. `main.ts` parses it once
 * at startup; docs/configuration.md is generated from the descriptions.
 */
export const configSchema = z
  .object({
    GATEWAY_PORT: env.port(7003).describe('TCP port the gateway HTTP server listens on.'),
    GATEWAY_HOST: z
      .string()
      .min(1)
      .default('127.0.0.1')
      .describe('Interface to bind. Loopback by default; containers set 0.0.0.0.'),
    LOG_LEVEL: env.logLevel().describe('Lowest log level written: error, warn, info or debug.'),
    TRUST_PROXY_HOPS: env
      .int(0, { min: 0, max: 10 })
      .describe(
        'Number of proxies in front of the service whose X-Forwarded-For entries are trusted ' +
          '(1 behind an ALB). 0 ignores X-Forwarded-* headers.',
      ),
    HTTP_BODY_LIMIT: z
      .string()
      .regex(/^\d+(kb|mb)$/i, 'expected a size such as 512kb or 1mb')
      .default('1mb')
      .describe('Largest accepted JSON request body (e.g. 512kb, 1mb); larger bodies get 413.'),
    SHUTDOWN_DRAIN_MS: env
      .int(10_000, { min: 0, max: 120_000 })
      .describe('On SIGTERM, how long in-flight requests may take to finish before being cut.'),
    GATEWAY_ENVIRONMENT: z
      .string()
      .min(1)
      .default('dev')
      .describe(
        'Environment this gateway serves (dev, staging, prod); passed to policy decisions.',
      ),
    GATEWAY_RESOURCE_URL: z
      .url({ protocol: /^https?$/ })
      .default('http://127.0.0.1:7003/mcp')
      .describe(
        'This MCP endpoint as agents address it: the token audience and the RFC 9728 resource.',
      ),
    GATEWAY_OIDC_ISSUER: env
      .url()
      .describe(
        'Trusted token issuer (Keycloak realm URL; the auth service embedded provider locally). ' +
          'Agent tokens are verified against its keys and it is advertised in the protected resource metadata.',
      ),
    GATEWAY_OIDC_JWKS_URI: z
      .string()
      .min(1)
      .optional()
      .describe(
        'JWKS URL of the issuer; when unset it is read from the issuer discovery document.',
      ),
    GATEWAY_ALLOWED_ORIGINS: env
      .list()
      .optional()
      .describe(
        'Browser origins allowed to call /mcp (comma-separated). Requests without Origin are allowed; ' +
          'any other Origin gets 403.',
      ),
    GATEWAY_MAX_BODY_BYTES: env
      .int(1_048_576, { min: 1_024, max: 64 * 1_048_576 })
      .describe('Largest MCP request body in bytes; larger bodies get 413 without being read.'),
    GATEWAY_MAX_JSON_DEPTH: env
      .int(64, { min: 4, max: 1_000 })
      .describe('Deepest JSON nesting accepted in an MCP request body.'),
    GATEWAY_UPSTREAM_TIMEOUT_MS: env
      .int(30_000, { min: 100, max: 600_000 })
      .describe('Per-call budget for an upstream MCP server, connect to last byte.'),
    GATEWAY_UPSTREAM_MAX_RESPONSE_BYTES: env
      .int(10 * 1_048_576, { min: 1_024, max: 256 * 1_048_576 })
      .describe('Largest upstream response held in memory; larger ones fail the call.'),
    GATEWAY_UPSTREAM_CONNECTIONS: env
      .int(64, { min: 1, max: 4_096 })
      .describe('Keep-alive sockets per upstream origin.'),
    GATEWAY_UPSTREAM_ALLOW_PRIVATE_NETWORKS: env
      .list()
      .optional()
      .describe(
        'CIDRs or hostnames of legitimately internal upstreams exempt from the SSRF guard.',
      ),
    GATEWAY_SESSION_IDLE_MS: env
      .int(300_000, { min: 1_000, max: 86_400_000 })
      .describe('Legacy (2025) MCP sessions idle this long are closed.'),
    GATEWAY_MAX_SESSIONS: env
      .int(10_000, { min: 1, max: 1_000_000 })
      .describe('Open legacy MCP sessions at most, across all principals.'),
    GATEWAY_MAX_SESSIONS_PER_PRINCIPAL: env
      .int(16, { min: 1, max: 10_000 })
      .describe('Open legacy MCP sessions at most per principal and endpoint.'),
    GATEWAY_SECRETS_REGION: z
      .string()
      .default('us-east-1')
      .describe('AWS region of Secrets Manager holding backend credentials.'),
    GATEWAY_SECRETS_ENDPOINT: z
      .string()
      .optional()
      .describe('Secrets Manager endpoint override (tests, LocalStack); unset in AWS.'),
    GATEWAY_SECRETS_TTL_MS: env
      .int(300_000, { min: 0, max: 86_400_000 })
      .describe(
        'How long a fetched backend credential is cached before Secrets Manager is asked again.',
      ),
    GATEWAY_REGISTRY_URL: env
      .url()
      .describe('Base URL of the registry; the gateway polls /internal/v1/snapshot there.'),
    GATEWAY_SNAPSHOT_POLL_MS: env
      .int(2_000, { min: 200, max: 600_000 })
      .describe(
        'How often the registry snapshot is polled (If-None-Match, so unchanged polls cost a 304).',
      ),
    GATEWAY_SNAPSHOT_MAX_BYTES: env
      .int(32 * 1_048_576, { min: 1_024, max: 512 * 1_048_576 })
      .describe('Largest snapshot accepted from the registry.'),
    GATEWAY_TOKEN_URL: env
      .url()
      .describe(
        'Token endpoint for the gateway service account (client credentials) used to call the registry.',
      ),
    GATEWAY_CLIENT_ID: z
      .string()
      .min(1)
      .default('mcp-gateway')
      .describe('Client id of the gateway service account.'),
    GATEWAY_CLIENT_SECRET: env
      .secret(z.string().min(1))
      .describe('Client secret of the gateway service account (from Secrets Manager in AWS).'),
    GATEWAY_TOKEN_EXCHANGE_URL: env
      .url()
      .optional()
      .describe(
        "The auth service's token exchange endpoint (e.g. http://auth:7002/auth/token-exchange), called " +
          'with the gateway service account to swap an agent token for an on-behalf-of server. Unset: ' +
          'calls to on-behalf-of servers fail with -32013 (credentials unavailable).',
      ),
    GATEWAY_TOKEN_EXCHANGE_TIMEOUT_MS: env
      .int(5_000, { min: 100, max: 60_000 })
      .describe('Budget for one token exchange at the auth service.'),
    GATEWAY_AUDIT_SINK: z
      .enum(['mongo', 'stdout'])
      .default('mongo')
      .describe(
        'Where audit events are stored besides stdout: `mongo` (the audit_events collection, DocumentDB) ' +
          'or `stdout` only (local development).',
      ),
    GATEWAY_MONGO_URI: env
      .secret(z.string().min(1).optional())
      .describe(
        'MongoDB/DocumentDB connection string for audit_events; required when GATEWAY_AUDIT_SINK=mongo.',
      ),
    GATEWAY_MONGO_DB: z
      .string()
      .min(1)
      .default('registry')
      .describe('Database holding the audit_events collection (the registry database).'),
    GATEWAY_MONGO_TLS: env
      .bool(false)
      .describe('Connect to MongoDB with TLS (required for DocumentDB).'),
    GATEWAY_MONGO_TLS_CA_FILE: z
      .string()
      .min(1)
      .optional()
      .describe('CA bundle for TLS, e.g. the RDS global-bundle.pem for DocumentDB.'),
    GATEWAY_AUDIT_BUFFER_LIMIT: env
      .int(10_000, { min: 100, max: 1_000_000 })
      .describe(
        'Audit events held in memory while the sink is slow or down; beyond it events still reach stdout and the overflow is counted.',
      ),
    GATEWAY_AUDIT_BATCH_SIZE: env
      .int(100, { min: 1, max: 10_000 })
      .describe('Audit events per batch write.'),
    GATEWAY_AUDIT_FLUSH_MS: env
      .int(1_000, { min: 50, max: 60_000 })
      .describe('Interval of the background audit flush.'),
    GATEWAY_LIMIT_AGENT_RATE: env
      .int(20, { min: 0, max: 1_000_000 })
      .describe(
        'Calls per second each agent may make (token bucket refill); 0 disables the limit.',
      ),
    GATEWAY_LIMIT_AGENT_BURST: env
      .int(40, { min: 1, max: 1_000_000 })
      .describe('Burst size of the per-agent bucket.'),
    GATEWAY_LIMIT_AGENT_TOOL_RATE: env
      .int(10, { min: 0, max: 1_000_000 })
      .describe('Calls per second per agent and tool; 0 disables the limit.'),
    GATEWAY_LIMIT_AGENT_TOOL_BURST: env
      .int(20, { min: 1, max: 1_000_000 })
      .describe('Burst size of the per agent × tool bucket.'),
    GATEWAY_LIMIT_SERVER_RATE: env
      .int(500, { min: 0, max: 1_000_000 })
      .describe('Calls per second forwarded to one upstream server; 0 disables the limit.'),
    GATEWAY_LIMIT_SERVER_BURST: env
      .int(1_000, { min: 1, max: 1_000_000 })
      .describe('Burst size of the per-server bucket.'),
    GATEWAY_DAILY_QUOTA_PER_AGENT: env
      .int(0, { min: 0, max: 1_000_000_000 })
      .describe('Calls per agent per UTC day; 0 disables the quota.'),
    GATEWAY_DRIFT_INTERVAL_MS: env
      .int(60_000, { min: 1_000, max: 86_400_000 })
      .describe(
        'How often live upstream tool definitions are compared with the pins; a changed tool is withheld at once and reported to the registry.',
      ),
    GATEWAY_DRIFT_REPORT_ATTEMPTS: env
      .int(3, { min: 1, max: 10 })
      .describe('Attempts per drift report to the registry before waiting for the next check.'),
    GATEWAY_MCP_FAST_PATH: env
      .bool(true)
      .describe(
        'Serve plain stateless 2026-07-28 tools/call and tools/list without building an SDK server per request (same answers, a fraction of the CPU).',
      ),
    GATEWAY_LIST_PAGE_SIZE: env
      .int(1_000, { min: 1, max: 10_000 })
      .describe(
        'Items per page of tools/list, resources/list, resources/templates/list and prompts/list; a longer list ends its page with an opaque nextCursor.',
      ),
    GATEWAY_CURSOR_SECRET: env
      .secret(z.string().min(32).optional())
      .describe(
        'HMAC key (at least 32 characters) signing list cursors. Set the same value on every gateway task behind one load balancer; when unset each process generates its own, so a cursor is only good on the task that issued it.',
      ),
    GATEWAY_MAX_BATCH_SIZE: env
      .int(20, { min: 1, max: 100 })
      .describe(
        'Most messages in one JSON-RPC batch (accepted only on 2025-03-26 sessions); a larger batch is refused whole with -32600.',
      ),
    GATEWAY_APPROVAL_WAIT_MS: env
      .int(120_000, { min: 1_000, max: 3_600_000 })
      .describe(
        'Longest a call that needs approval is held; also the approval TTL in the registry.',
      ),
    GATEWAY_APPROVAL_MAX_HELD_PER_AGENT: env
      .int(5, { min: 1, max: 1_000 })
      .describe('Calls one agent may have held for approval at once; more get 429.'),
    GATEWAY_APPROVAL_POLL_INITIAL_MS: env
      .int(500, { min: 50, max: 60_000 })
      .describe(
        'First interval for polling an approval; doubles up to GATEWAY_APPROVAL_POLL_MAX_MS.',
      ),
    GATEWAY_APPROVAL_POLL_MAX_MS: env
      .int(5_000, { min: 100, max: 300_000 })
      .describe('Longest interval between approval polls.'),
    GATEWAY_CIRCUIT_FAILURE_THRESHOLD: env
      .int(5, { min: 1, max: 1_000 })
      .describe(
        'Consecutive failures (timeouts, connection errors, bad answers) that open an upstream circuit.',
      ),
    GATEWAY_CIRCUIT_COOLDOWN_MS: env
      .int(30_000, { min: 100, max: 3_600_000 })
      .describe('How long an open circuit refuses calls before letting one trial call through.'),
    GATEWAY_UPSTREAM_RETRIES: env
      .int(1, { min: 0, max: 5 })
      .describe('Extra attempts for tools annotated read-only, only when no response had started.'),
    GATEWAY_UPSTREAM_RETRY_BASE_MS: env
      .int(100, { min: 1, max: 60_000 })
      .describe('Base of the jittered retry backoff.'),
    GATEWAY_UPSTREAM_RETRY_MAX_MS: env
      .int(1_000, { min: 1, max: 60_000 })
      .describe('Cap of the jittered retry backoff.'),
  })
  .superRefine((value, ctx) => {
    if (value.GATEWAY_AUDIT_SINK === 'mongo' && !value.GATEWAY_MONGO_URI) {
      ctx.addIssue({
        code: 'custom',
        path: ['GATEWAY_MONGO_URI'],
        message: 'is required when GATEWAY_AUDIT_SINK=mongo',
      });
    }
  });

export type GatewayConfig = z.infer<typeof configSchema>;
