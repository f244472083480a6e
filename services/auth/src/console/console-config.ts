import { z } from 'zod';
import { env } from '@mcpgw/config';

function optionalUrl(description: string) {
  return env.url().optional().describe(description);
}

function isJsonObject(text: string): boolean {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed);
  } catch {
    return false;
  }
}

/**
 * Console login, sessions and token exchange (issue 5, item 2). Kept beside the console code and
 * spread into the service schema, so `config.ts` stays one schema with one set of descriptions.
 */
export const consoleConfigShape = {
  AUTH_OIDC_ISSUER: optionalUrl(
    'OpenID issuer the console logs in against and token exchange calls (a Keycloak realm URL). ' +
      'Required with AUTH_MODE=keycloak; in embedded mode it defaults to the embedded issuer.',
  ),
  AUTH_CONSOLE_CLIENT_ID: z
    .string()
    .trim()
    .min(1)
    .default('mcp-console')
    .describe(
      'Confidential OIDC client the console logs users in with (authorization code + PKCE).',
    ),
  AUTH_CONSOLE_CLIENT_SECRET: env
    .secret(z.string().min(1).optional())
    .describe(
      'Secret of AUTH_CONSOLE_CLIENT_ID. Required with AUTH_MODE=keycloak; in embedded mode it ' +
        'is read from AUTH_DEV_SECRETS_FILE.',
    ),
  AUTH_CONSOLE_REDIRECT_URL: optionalUrl(
    'Redirect URI registered for the console client; defaults to AUTH_PUBLIC_URL/auth/callback.',
  ),
  AUTH_POST_LOGOUT_REDIRECT_URL: optionalUrl(
    'Where the identity provider sends the browser after logout (registered as a post-logout ' +
      'redirect URI of the console client); defaults to AUTH_PUBLIC_URL/.',
  ),
  AUTH_CONSOLE_SCOPES: z
    .string()
    .trim()
    .regex(/(^|\s)openid(\s|$)/, 'must include openid')
    .default('openid profile email')
    .describe('Scopes the console asks for at login (space separated; must include openid).'),
  AUTH_SESSION_STORE: z
    .enum(['memory', 'mongo'], { error: 'must be one of memory, mongo' })
    .default('memory')
    .describe(
      'Where console sessions are kept: `memory` (one instance, lost on restart: dev and tests) ' +
        'or `mongo` (collection `sessions` in the registry database; survives restarts).',
    ),
  AUTH_MONGO_URI: env
    .secret(z.string().min(1).optional())
    .describe('MongoDB/DocumentDB connection string; required when AUTH_SESSION_STORE=mongo.'),
  AUTH_MONGO_DB: z
    .string()
    .min(1)
    .default('registry')
    .describe('Database holding the `sessions` collection (the registry database).'),
  AUTH_MONGO_TLS: env
    .bool(false)
    .describe('Connect to MongoDB with TLS (required for DocumentDB).'),
  AUTH_MONGO_TLS_CA_FILE: z
    .string()
    .min(1)
    .optional()
    .describe('CA bundle for MongoDB TLS, e.g. the RDS global-bundle.pem for DocumentDB.'),
  AUTH_SESSION_TTL_SECONDS: env
    .int(28_800, { min: 60, max: 604_800 })
    .describe('Absolute session lifetime: a session ends this long after login, active or not.'),
  AUTH_SESSION_IDLE_SECONDS: env
    .int(1_800, { min: 60, max: 604_800 })
    .describe('Idle timeout: a session unused for this long ends before its absolute lifetime.'),
  AUTH_SESSION_SWEEP_SECONDS: env
    .int(300, { min: 10, max: 86_400 })
    .describe(
      'How often expired sessions and login attempts are deleted from the store (expiry is ' +
        'also enforced on every read; FerretDB/DocumentDB TTL indexes are not relied on).',
    ),
  AUTH_EXCHANGE_CLIENT_ID: z
    .string()
    .trim()
    .min(1)
    .default('mcp-gateway')
    .describe(
      'Client that performs RFC 8693 token exchange at the issuer (Keycloak: attribute ' +
        'standard.token.exchange.enabled=true, and in the subject token audience).',
    ),
  AUTH_EXCHANGE_CLIENT_SECRET: env
    .secret(z.string().min(1).optional())
    .describe(
      'Secret of AUTH_EXCHANGE_CLIENT_ID. Required with AUTH_MODE=keycloak; in embedded mode it ' +
        'is read from AUTH_DEV_SECRETS_FILE.',
    ),
  AUTH_EXCHANGE_CALLERS: env
    .list()
    .default(['mcp-gateway'])
    .describe(
      'Client ids whose service tokens may call POST /auth/token-exchange (comma separated).',
    ),
  AUTH_SERVICE_TOKEN_AUDIENCE: optionalUrl(
    'Audience a service token calling POST /auth/token-exchange must carry; defaults to ' +
      'AUTH_GATEWAY_RESOURCE.',
  ),
  AUTH_GROUP_SCOPES: z
    .string()
    .default('{}')
    .describe(
      'Group → scope mapping as JSON, e.g. {"team-crm":["crm.read"]}; a trailing "/*" key ' +
        'matches every group below a path. Roles come from the fixed group → role mapping.',
    ),
};

interface ConsoleConfigInput {
  AUTH_MODE: string;
  AUTH_OIDC_ISSUER?: string | undefined;
  AUTH_CONSOLE_CLIENT_SECRET?: string | undefined;
  AUTH_EXCHANGE_CLIENT_SECRET?: string | undefined;
  AUTH_SESSION_STORE: string;
  AUTH_MONGO_URI?: string | undefined;
  AUTH_SESSION_TTL_SECONDS: number;
  AUTH_SESSION_IDLE_SECONDS: number;
  AUTH_GROUP_SCOPES: string;
}

/** Cross-key rules, reported together with every other configuration problem. */
export function consoleConfigProblems(value: ConsoleConfigInput, ctx: z.RefinementCtx): void {
  const required = (key: keyof ConsoleConfigInput, when: string): void => {
    if (value[key] === undefined)
      ctx.addIssue({ code: 'custom', path: [key], message: `is required when ${when}` });
  };
  if (value.AUTH_MODE === 'keycloak') {
    required('AUTH_OIDC_ISSUER', 'AUTH_MODE=keycloak');
    required('AUTH_CONSOLE_CLIENT_SECRET', 'AUTH_MODE=keycloak');
    required('AUTH_EXCHANGE_CLIENT_SECRET', 'AUTH_MODE=keycloak');
  }
  if (value.AUTH_SESSION_STORE === 'mongo') required('AUTH_MONGO_URI', 'AUTH_SESSION_STORE=mongo');
  if (value.AUTH_SESSION_IDLE_SECONDS > value.AUTH_SESSION_TTL_SECONDS)
    ctx.addIssue({
      code: 'custom',
      path: ['AUTH_SESSION_IDLE_SECONDS'],
      message: 'must not exceed AUTH_SESSION_TTL_SECONDS',
    });
  if (!isJsonObject(value.AUTH_GROUP_SCOPES))
    ctx.addIssue({
      code: 'custom',
      path: ['AUTH_GROUP_SCOPES'],
      message: 'must be a JSON object of group → scope list',
    });
}
