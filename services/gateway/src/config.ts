import { z } from 'zod';
import { env } from '@mcpgw/config';

/**
 * Every environment variable the gateway service reads, keyed by its name. `main.ts` parses it once
 * at startup; docs/configuration.md is generated from the descriptions.
 */
export const configSchema = z.object({
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
    .describe('Environment this gateway serves (dev, staging, prod); passed to policy decisions.'),
  GATEWAY_RESOURCE_URL: z
    .url({ protocol: /^https?$/ })
    .default('http://127.0.0.1:7003/mcp')
    .describe('This MCP endpoint as agents address it: the token audience and the RFC 9728 resource.'),
  GATEWAY_OIDC_ISSUER: z
    .string()
    .default('')
    .describe('Authorization server advertised in the protected resource metadata (Keycloak realm URL).'),
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
    .describe('CIDRs or hostnames of legitimately internal upstreams exempt from the SSRF guard.'),
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
    .describe('How long a fetched backend credential is cached before Secrets Manager is asked again.'),
});


export type GatewayConfig = z.infer<typeof configSchema>;
