import { z } from 'zod';
import { env } from '@mcpgw/config';

/**
 * Every environment variable the sample MCP server reads, keyed by its name. `main.ts` parses it
 * once at startup; docs/configuration.md is generated from the descriptions.
 */
export const configSchema = z.object({
  SAMPLE_MCP_PORT: env.port(7010).describe('TCP port the sample MCP server listens on.'),
  SAMPLE_MCP_HOST: z
    .string()
    .min(1)
    .default('127.0.0.1')
    .describe(
      'Interface to bind. Loopback by default, where the Host header is also checked against ' +
        'localhost names; containers set 0.0.0.0.',
    ),
  LOG_LEVEL: env.logLevel().describe('Lowest log level written: error, warn, info or debug.'),
  SAMPLE_MCP_MAX_SESSIONS: env
    .int(100, { min: 1, max: 10_000 })
    .describe('Most open 2025-era sessions; further initializes get 503 until one frees up.'),
  SAMPLE_MCP_SESSION_IDLE_MS: env
    .int(600_000, { min: 1_000, max: 86_400_000 })
    .describe('A 2025-era session without a request for this long is closed.'),
});

export type SampleMcpConfig = z.infer<typeof configSchema>;
