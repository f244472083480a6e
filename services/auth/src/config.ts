import { z } from 'zod';
import { env } from '@mcpgw/config';
import { adminConfigProblems, adminConfigShape } from './admin-auth/admin-config.js';
import { consoleConfigProblems, consoleConfigShape } from './console/console-config.js';

/**
 * Every environment variable the auth service reads, keyed by its name. `main.ts` parses it once
 * at startup; docs/configuration.md is generated from the descriptions.
 */
export const configSchema = z
  .object({
    AUTH_PORT: env.port(7002).describe('TCP port the auth HTTP server listens on.'),
    AUTH_HOST: z
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
    NODE_ENV: z
      .string()
      .trim()
      .default('development')
      .describe(
        'Deployment kind; `production` refuses AUTH_MODE=embedded unless explicitly allowed.',
      ),
    AUTH_MODE: z
      .enum(['embedded', 'keycloak'], { error: 'must be one of embedded, keycloak' })
      .default('embedded')
      .describe(
        'Identity provider: `embedded` runs a dev/test OpenID provider inside this service, ' +
          'seeded from AUTH_DEV_IDENTITY_FILE; `keycloak` uses an external Keycloak realm.',
      ),
    AUTH_PUBLIC_URL: env
      .url()
      .default('http://127.0.0.1:7002')
      .describe('Origin at which clients reach this service; the embedded issuer is built on it.'),
    AUTH_EMBEDDED_ISSUER_PATH: z
      .string()
      .trim()
      .regex(/^(\/[A-Za-z0-9._~-]+)+$/, 'must be a path such as /auth/realms/dev')
      .default('/auth/realms/dev')
      .describe(
        'Path of the embedded issuer under AUTH_PUBLIC_URL, shaped like a Keycloak realm so ' +
          'the gateway and registry cannot tell the two apart.',
      ),
    AUTH_GATEWAY_RESOURCE: env
      .url()
      .default('http://127.0.0.1:7003/mcp')
      .describe("The gateway's resource URI: the audience of every access token issued."),
    AUTH_DEV_IDENTITY_FILE: z
      .string()
      .trim()
      .min(1)
      .default('config/dev-identity.yaml')
      .describe('Embedded mode: clients, scopes and users to seed (no secrets in it).'),
    AUTH_DEV_SECRETS_FILE: z
      .string()
      .trim()
      .min(1)
      .default('.dev/identity-secrets.json')
      .describe(
        'Embedded mode: where generated client secrets and the signing key are kept (mode 0600), ' +
          'created at first start and reused so tokens survive restarts.',
      ),
    AUTH_ACCESS_TOKEN_TTL_SECONDS: env
      .int(600, { min: 30, max: 86_400 })
      .describe('Embedded mode: lifetime of issued access tokens, in seconds.'),
    AUTH_ALLOW_EMBEDDED_IN_PRODUCTION: env
      .bool(false)
      .describe('Lets AUTH_MODE=embedded start with NODE_ENV=production. Test environments only.'),
    ...consoleConfigShape,
    ...adminConfigShape,
  })
  // One refinement running both rule sets, so every cross-key problem is reported together.
  .superRefine((value, ctx) => {
    consoleConfigProblems(value, ctx);
    adminConfigProblems(value, ctx);
  });

export type AuthConfig = z.infer<typeof configSchema>;
