import { z } from 'zod';

// Names are what Keycloak accepts for client ids, client scopes and usernames, so a seed that
// works here can be provisioned into a realm unchanged.
const SCOPE_NAME = /^[a-z][a-z0-9]*(?:[._-][a-z0-9]+)*$/;
const CLIENT_ID = /^[a-z][a-z0-9-]{1,62}$/;
const USERNAME = /^[a-z][a-z0-9._-]{0,62}$/;
const GROUP = /^[a-z][a-z0-9-]{0,62}$/;

const scopeSchema = z.strictObject({
  name: z.string().regex(SCOPE_NAME, 'must look like crm.read or tickets.write'),
  description: z.string().min(1),
});

// Paths, resolved against AUTH_PUBLIC_URL at start, so the seed works on any port.
const PATH = z.string().regex(/^\/[A-Za-z0-9._~/-]*$/, 'must be a path such as /auth/callback');

const loginSchema = z.strictObject({
  redirectPaths: z.array(PATH).min(1),
  postLogoutRedirectPaths: z.array(PATH).default([]),
});

const tokenExchangeSchema = z.strictObject({
  /** Audiences (backend client ids) this client may exchange a user's token for. */
  audiences: z.array(z.string().regex(CLIENT_ID, 'must be a client id')).min(1),
});

// A client-credentials client may hold no scope: a service client such as mcp-registry only
// needs the gateway audience, which every token of this provider carries.
const clientSchema = z.strictObject({
  id: z.string().regex(CLIENT_ID, 'must be lower-case letters, digits and dashes'),
  description: z.string().min(1),
  scopes: z.array(z.string()).default([]),
  /** Present for a client users log in to (authorization code + PKCE), like the console. */
  login: loginSchema.optional(),
  /** Present for a client allowed RFC 8693 token exchange (Keycloak: standard exchange). */
  tokenExchange: tokenExchangeSchema.optional(),
});

const userSchema = z.strictObject({
  username: z.string().regex(USERNAME, 'must be lower-case letters, digits, dots or dashes'),
  name: z.string().min(1),
  email: z.email(),
  groups: z.array(z.string().regex(GROUP, 'must be lower-case letters, digits and dashes')),
});

/** The seed of the embedded provider: `config/dev-identity.yaml`. It never holds secrets. */
export const devIdentitySchema = z.strictObject({
  scopes: z.array(scopeSchema).min(1),
  clients: z.array(clientSchema).min(1),
  users: z.array(userSchema).default([]),
});

export type DevIdentity = z.infer<typeof devIdentitySchema>;
export type DevClient = DevIdentity['clients'][number];
export type DevUser = DevIdentity['users'][number];
