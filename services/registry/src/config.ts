import { z } from 'zod';
import { env } from '@mcpgw/config';

const optionalString = (description: string) => z.string().min(1).optional().describe(description);

/**
 * Every environment variable the registry service reads, keyed by its name. `main.ts` parses it
 * once at startup; docs/configuration.md is generated from the descriptions.
 */
export const configSchema = z
  .object({
    REGISTRY_PORT: env.port(7001).describe('TCP port the registry HTTP server listens on.'),
    REGISTRY_HOST: z
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

    REGISTRY_STORE: z
      .enum(['memory', 'mongo'])
      .default('memory')
      .describe(
        'Storage backend: `memory` (embedded, optionally snapshotted to a file) or `mongo` ' +
          '(MongoDB wire protocol: Amazon DocumentDB in production).',
      ),
    REGISTRY_MEMORY_SNAPSHOT_FILE: optionalString(
      'Memory store only: JSON file loaded at start and rewritten after changes. Unset keeps data in memory only.',
    ),
    REGISTRY_MEMORY_SNAPSHOT_DEBOUNCE_MS: env
      .int(500, { min: 0, max: 60_000 })
      .describe(
        'Memory store only: delay after the last change before the snapshot file is written.',
      ),
    REGISTRY_MONGO_URI: env
      .secret(z.string().min(1).optional())
      .describe('MongoDB/DocumentDB connection string; required when REGISTRY_STORE=mongo.'),
    REGISTRY_MONGO_DB: z
      .string()
      .min(1)
      .default('registry')
      .describe('Database name for the registry collections.'),
    REGISTRY_MONGO_TLS: env.bool(false).describe('Connect with TLS (required for DocumentDB).'),
    REGISTRY_MONGO_TLS_CA_FILE: optionalString(
      'CA bundle for TLS, e.g. the RDS global-bundle.pem for DocumentDB.',
    ),

    REGISTRY_READ_MIRROR: z
      .enum(['auto', 'on', 'off'])
      .default('auto')
      .describe(
        'Serve bulk reads (snapshot, search index) from an in-memory mirror of the store kept in sync incrementally: `auto` turns it on with REGISTRY_STORE=mongo.',
      ),
    REGISTRY_MIRROR_SYNC_MS: env
      .int(2_000, { min: 200, max: 600_000 })
      .describe('How often the read mirror picks up writes made by other registry tasks.'),
    REGISTRY_MIRROR_FULL_RESYNC_MS: env
      .int(300_000, { min: 10_000, max: 86_400_000 })
      .describe('How often the read mirror re-reads everything (catches deletes by other tasks).'),
    REGISTRY_OIDC_ISSUER: env
      .url()
      .describe(
        'Trusted token issuer (Keycloak realm URL, or the auth service embedded provider locally). ' +
          'Keys come from its OIDC discovery document.',
      ),
    REGISTRY_OIDC_JWKS_URI: optionalString(
      'JWKS URL of the issuer; when unset it is read from the issuer discovery document.',
    ),
    REGISTRY_TOKEN_AUDIENCES: env
      .list()
      .describe(
        'Accepted token audiences (comma-separated); at least one must be in the token `aud`.',
      ),
    REGISTRY_GROUP_ROLE_MAP: z
      .string()
      .default(
        '{"platform-admins":["platform-admin"],"security-reviewers":["security-reviewer"],' +
          '"approvers":["approver"],"auditors":["auditor"]}',
      )
      .describe(
        'JSON object mapping identity groups to registry roles. Groups named `team-<name>` ' +
          'additionally make their members server owners of team <name>.',
      ),
    REGISTRY_GATEWAY_CLIENT_IDS: env
      .list()
      .default(['mcp-gateway'])
      .describe('Client ids of gateway service accounts allowed to call /internal/v1/*.'),

    REGISTRY_ALLOW_PRIVATE_NETWORKS: env
      .list()
      .default([])
      .describe(
        'CIDRs or hostnames of legitimately internal MCP servers discovery and health probes may ' +
          'reach (loopback needs an explicit CIDR such as 127.0.0.1/32). Everything else private is blocked.',
      ),
    REGISTRY_ALLOW_HOSTS: env
      .list()
      .default([])
      .describe(
        'Optional host allow-list for MCP server URLs (exact or *.suffix); empty allows any public host.',
      ),
    DISCOVERY_TIMEOUT_MS: env
      .int(30_000, { min: 1_000, max: 300_000 })
      .describe('Time budget for discovering one server version over MCP.'),
    REGISTRY_BACKGROUND_JOBS: env
      .bool(true)
      .describe('Run the drift monitor and health prober in this process.'),
    DRIFT_INTERVAL_MS: env
      .int(900_000, { min: 10_000, max: 86_400_000 })
      .describe('Pause between drift re-discovery passes over approved versions.'),
    HEALTH_TICK_MS: env
      .int(15_000, { min: 1_000, max: 3_600_000 })
      .describe('How often the health prober checks which server versions are due for a probe.'),
    SNAPSHOT_REFRESH_MS: env
      .int(5_000, { min: 500, max: 600_000 })
      .describe(
        'How often the gateway snapshot and search index are rebuilt from the store even without a local change (covers writes by other registry tasks).',
      ),
    REGISTRY_ENVIRONMENTS: z
      .string()
      .default('dev,staging,prod')
      .transform((value) =>
        value
          .split(',')
          .map((item) => item.trim())
          .filter(Boolean),
      )
      .pipe(z.array(z.enum(['dev', 'staging', 'prod'])).min(1))
      .describe(
        'Environments the registry builds gateway snapshots for (comma-separated: dev, staging, prod).',
      ),
    REGISTRY_POLICY_ENVIRONMENT_DEFAULT: z
      .enum(['dev', 'staging', 'prod'])
      .default('prod')
      .describe(
        'Environment whose snapshot and policies decide what agents see in search and tool discovery when the request names none.',
      ),
    REGISTRY_NAMESPACE: z
      .string()
      .regex(
        /^[a-z0-9]+(\.[a-z0-9-]+)+$/,
        'expected a reverse-DNS namespace such as com.example.mcp',
      )
      .default('com.example.mcp')
      .describe('Reverse-DNS namespace of server names in the official MCP Registry API (/v0.1).'),
    REGISTRY_AUTH_ADMIN_URL: env
      .url()
      .optional()
      .describe(
        'Base URL of the auth service; when set, agent and scope changes are provisioned in Keycloak through its /auth/admin endpoints. Unset: the directory is not synced.',
      ),
    REGISTRY_AUTH_TOKEN_URL: env
      .url()
      .optional()
      .describe(
        'Token endpoint for the registry service account; required with REGISTRY_AUTH_ADMIN_URL.',
      ),
    REGISTRY_AUTH_CLIENT_ID: z
      .string()
      .min(1)
      .default('mcp-registry')
      .describe('Client id of the registry service account that calls the auth admin endpoints.'),
    REGISTRY_AUTH_CLIENT_SECRET: env
      .secret(z.string().min(1).optional())
      .describe(
        'Client secret of the registry service account; required with REGISTRY_AUTH_ADMIN_URL.',
      ),
    REGISTRY_AUTH_TIMEOUT_MS: env
      .int(5_000, { min: 500, max: 60_000 })
      .describe('Timeout of one call to the auth admin endpoints.'),
    REGISTRY_DEV_SEED: env
      .bool(false)
      .describe(
        'Local development only: at start, register the sample MCP server at REGISTRY_DEV_SAMPLE_SERVER_URL and approve it for every environment.',
      ),
    REGISTRY_DEV_SAMPLE_SERVER_URL: env
      .url()
      .default('http://127.0.0.1:7010/mcp')
      .describe(
        'Local development only: URL of the sample MCP server seeded by REGISTRY_DEV_SEED.',
      ),
  })
  .superRefine((value, ctx) => {
    if (value.REGISTRY_STORE === 'mongo' && !value.REGISTRY_MONGO_URI) {
      ctx.addIssue({
        code: 'custom',
        path: ['REGISTRY_MONGO_URI'],
        message: 'is required when REGISTRY_STORE=mongo',
      });
    }
    if (value.REGISTRY_AUTH_ADMIN_URL) {
      for (const key of ['REGISTRY_AUTH_TOKEN_URL', 'REGISTRY_AUTH_CLIENT_SECRET'] as const) {
        if (!value[key]) {
          ctx.addIssue({
            code: 'custom',
            path: [key],
            message: 'is required when REGISTRY_AUTH_ADMIN_URL is set',
          });
        }
      }
    }
    try {
      const parsed: unknown = JSON.parse(value.REGISTRY_GROUP_ROLE_MAP);
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error();
    } catch {
      ctx.addIssue({
        code: 'custom',
        path: ['REGISTRY_GROUP_ROLE_MAP'],
        message: 'must be a JSON object of group → role list',
      });
    }
  });

export type RegistryConfig = z.infer<typeof configSchema>;
