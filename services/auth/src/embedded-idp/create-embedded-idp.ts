import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Router } from 'express';
import type { Logger } from '@mcpgw/logger';
import type { AuthConfig } from '../config.js';
import type { Provisioning } from '../provisioning/index.js';
import { assertEmbeddedAllowed } from './assert-embedded-allowed.js';
import { createClientDirectory } from './client-directory.js';
import { createEmbeddedProvider } from './create-embedded-provider.js';
import { createEmbeddedProvisioning } from './embedded-provisioning.js';
import { interactionsRouter } from './interactions.js';
import { loadDevIdentity } from './load-dev-identity.js';
import { loadDevSecrets } from './dev-secrets.js';
import { tokenInstructions } from './token-instructions.js';

export type EmbeddedIdpConfig = Pick<
  AuthConfig,
  | 'NODE_ENV'
  | 'AUTH_ALLOW_EMBEDDED_IN_PRODUCTION'
  | 'AUTH_PUBLIC_URL'
  | 'AUTH_EMBEDDED_ISSUER_PATH'
  | 'AUTH_GATEWAY_RESOURCE'
  | 'AUTH_DEV_IDENTITY_FILE'
  | 'AUTH_DEV_SECRETS_FILE'
  | 'AUTH_ACCESS_TOKEN_TTL_SECONDS'
  | 'TRUST_PROXY_HOPS'
>;

export interface EmbeddedIdp {
  issuer: string;
  /** Path under which `handler` must be mounted: the issuer's path. */
  mountPath: string;
  handler: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
  /** Dev login/consent pages; mount at `${mountPath}/interaction`, before `handler`. */
  interactions?: Router;
  /** Generated secret of a seeded client (the console and exchange clients use it). */
  clientSecret?: (clientId: string) => string | undefined;
  /** The admin endpoints' port over the provider's in-memory clients and scopes. */
  provisioning: Provisioning;
}

/**
 * Builds the embedded OpenID provider from the seed file and the generated secrets, and logs
 * once how to get a token. Throws CONFIG_INVALID, listing every problem, on a bad seed.
 */
export async function createEmbeddedIdp(
  config: EmbeddedIdpConfig,
  logger: Logger,
): Promise<EmbeddedIdp> {
  assertEmbeddedAllowed(config);
  const identity = await loadDevIdentity(config.AUTH_DEV_IDENTITY_FILE);
  const clientIds = identity.clients.map((client) => client.id);
  const usernames = identity.users.map((user) => user.username);
  const { secrets, changed } = await loadDevSecrets(
    config.AUTH_DEV_SECRETS_FILE,
    clientIds,
    usernames,
  );
  const mountPath = config.AUTH_EMBEDDED_ISSUER_PATH;
  const issuer = `${config.AUTH_PUBLIC_URL.replace(/\/+$/, '')}${mountPath}`;
  const directory = createClientDirectory(identity, secrets);
  const provider = createEmbeddedProvider({
    issuer,
    mountPath,
    publicUrl: config.AUTH_PUBLIC_URL,
    gatewayResource: config.AUTH_GATEWAY_RESOURCE,
    accessTokenTtlSeconds: config.AUTH_ACCESS_TOKEN_TTL_SECONDS,
    identity,
    secrets,
    directory,
    trustProxy: config.TRUST_PROXY_HOPS > 0,
  });
  logger.info('embedded OpenID provider ready (dev/test only)', {
    ...tokenInstructions({ issuer, secretsFile: config.AUTH_DEV_SECRETS_FILE, clientIds }),
    audience: config.AUTH_GATEWAY_RESOURCE,
    generated: changed,
  });
  const interactions = interactionsRouter({
    provider,
    basePath: `${mountPath}/interaction`,
    issuerOrigin: new URL(issuer).origin,
    gatewayResource: config.AUTH_GATEWAY_RESOURCE,
    passwords: secrets.users,
    allowedScopes: directory.allowedScopes,
  });
  return {
    issuer,
    mountPath,
    handler: provider.callback(),
    interactions,
    clientSecret: (clientId) => directory.client(clientId)?.secret,
    provisioning: createEmbeddedProvisioning(directory),
  };
}
