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
});

export type GatewayConfig = z.infer<typeof configSchema>;
