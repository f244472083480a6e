import { z } from 'zod';
import { env } from '@mcpgw/config';

/**
 * Keycloak provisioning behind the admin endpoints (issue 5, item 3). Spread into the service
 * schema beside the console keys, so `config.ts` stays one schema with one set of descriptions.
 */
export const adminConfigShape = {
  AUTH_KEYCLOAK_ADMIN_URL: env
    .url()
    .optional()
    .describe(
      'Keycloak base URL for the Admin REST API, e.g. https://kc.example.com (no /realms/…). ' +
        'With AUTH_MODE=keycloak, setting it enables the /auth/admin provisioning endpoints; ' +
        'unset, they answer 503.',
    ),
  AUTH_KEYCLOAK_ADMIN_REALM: z
    .string()
    .trim()
    .min(1)
    .default('master')
    .describe(
      'Realm the admin identity logs in to: `master` for the bootstrap admin, or the agents ' +
        'realm (AUTH_KEYCLOAK_REALM) for a service-account client holding only realm-management ' +
        'roles there.',
    ),
  AUTH_KEYCLOAK_ADMIN_CLIENT_ID: z
    .string()
    .trim()
    .min(1)
    .default('admin-cli')
    .describe(
      'Client the admin identity logs in with: `admin-cli` with a username and password, or a ' +
        'confidential service-account client with AUTH_KEYCLOAK_ADMIN_CLIENT_SECRET.',
    ),
  AUTH_KEYCLOAK_ADMIN_CLIENT_SECRET: env
    .secret(z.string().min(1).optional())
    .describe(
      'Secret of AUTH_KEYCLOAK_ADMIN_CLIENT_ID; selects the client-credentials grant. Preferred ' +
        'in production: a service account limited to manage-clients/view-clients in one realm ' +
        'instead of a master-realm administrator password.',
    ),
  AUTH_KEYCLOAK_ADMIN_USERNAME: z
    .string()
    .trim()
    .min(1)
    .optional()
    .describe(
      'Administrator username (password grant); use with AUTH_KEYCLOAK_ADMIN_PASSWORD. For ' +
        'development and bootstrap; prefer AUTH_KEYCLOAK_ADMIN_CLIENT_SECRET in production.',
    ),
  AUTH_KEYCLOAK_ADMIN_PASSWORD: env
    .secret(z.string().min(1).optional())
    .describe('Password of AUTH_KEYCLOAK_ADMIN_USERNAME.'),
  AUTH_KEYCLOAK_REALM: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9._-]{1,255}$/, 'must be a realm name such as mcpgw')
    .optional()
    .describe(
      'Realm the agents (clients) and catalog scopes live in; required with ' +
        'AUTH_KEYCLOAK_ADMIN_URL and must be the realm of AUTH_OIDC_ISSUER.',
    ),
  AUTH_ADMIN_CALLERS: env
    .list()
    .default(['mcp-registry'])
    .describe(
      'Client ids whose service-account tokens may call the /auth/admin endpoints (comma ' +
        'separated). Users may call them only as members of platform-admins.',
    ),
};

interface AdminConfigInput {
  AUTH_MODE: string;
  AUTH_OIDC_ISSUER?: string | undefined;
  AUTH_KEYCLOAK_ADMIN_URL?: string | undefined;
  AUTH_KEYCLOAK_ADMIN_CLIENT_SECRET?: string | undefined;
  AUTH_KEYCLOAK_ADMIN_USERNAME?: string | undefined;
  AUTH_KEYCLOAK_ADMIN_PASSWORD?: string | undefined;
  AUTH_KEYCLOAK_REALM?: string | undefined;
}

const CREDENTIAL_KEYS = [
  'AUTH_KEYCLOAK_ADMIN_CLIENT_SECRET',
  'AUTH_KEYCLOAK_ADMIN_USERNAME',
  'AUTH_KEYCLOAK_ADMIN_PASSWORD',
  'AUTH_KEYCLOAK_REALM',
] as const;

/** `https://kc/realms/mcpgw` → `mcpgw`. */
export function realmOfIssuer(issuer: string | undefined): string | undefined {
  if (issuer === undefined) return undefined;
  const match = /\/realms\/([^/]+)\/?$/.exec(new URL(issuer).pathname);
  return match?.[1] === undefined ? undefined : decodeURIComponent(match[1]);
}

function credentialProblems(value: AdminConfigInput): [string, string][] {
  const problems: [string, string][] = [];
  const secret = value.AUTH_KEYCLOAK_ADMIN_CLIENT_SECRET !== undefined;
  const user = value.AUTH_KEYCLOAK_ADMIN_USERNAME !== undefined;
  const password = value.AUTH_KEYCLOAK_ADMIN_PASSWORD !== undefined;
  if (secret && (user || password))
    problems.push([
      'AUTH_KEYCLOAK_ADMIN_CLIENT_SECRET',
      'must not be combined with AUTH_KEYCLOAK_ADMIN_USERNAME/PASSWORD: choose one way to log in',
    ]);
  if (!secret && !user && !password)
    problems.push([
      'AUTH_KEYCLOAK_ADMIN_CLIENT_SECRET',
      'is required with AUTH_KEYCLOAK_ADMIN_URL (or AUTH_KEYCLOAK_ADMIN_USERNAME and PASSWORD)',
    ]);
  if (user && !password)
    problems.push([
      'AUTH_KEYCLOAK_ADMIN_PASSWORD',
      'is required with AUTH_KEYCLOAK_ADMIN_USERNAME',
    ]);
  if (password && !user)
    problems.push([
      'AUTH_KEYCLOAK_ADMIN_USERNAME',
      'is required with AUTH_KEYCLOAK_ADMIN_PASSWORD',
    ]);
  if (value.AUTH_KEYCLOAK_REALM === undefined)
    problems.push(['AUTH_KEYCLOAK_REALM', 'is required with AUTH_KEYCLOAK_ADMIN_URL']);
  const issuerRealm = realmOfIssuer(value.AUTH_OIDC_ISSUER);
  if (
    value.AUTH_KEYCLOAK_REALM !== undefined &&
    issuerRealm !== undefined &&
    issuerRealm !== value.AUTH_KEYCLOAK_REALM
  )
    problems.push([
      'AUTH_KEYCLOAK_REALM',
      `must be the realm of AUTH_OIDC_ISSUER (${issuerRealm}): agents get their tokens there`,
    ]);
  return problems;
}

/** Cross-key rules, reported together with every other configuration problem. */
export function adminConfigProblems(value: AdminConfigInput, ctx: z.RefinementCtx): void {
  const problems: [string, string][] = [];
  if (value.AUTH_KEYCLOAK_ADMIN_URL !== undefined) {
    if (value.AUTH_MODE !== 'keycloak')
      problems.push([
        'AUTH_KEYCLOAK_ADMIN_URL',
        'is only used with AUTH_MODE=keycloak (embedded mode provisions its own clients)',
      ]);
    else problems.push(...credentialProblems(value));
  } else {
    for (const key of CREDENTIAL_KEYS)
      if (value[key] !== undefined)
        problems.push([key, 'has no effect without AUTH_KEYCLOAK_ADMIN_URL']);
  }
  for (const [key, message] of problems) ctx.addIssue({ code: 'custom', path: [key], message });
}
