import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '@mcpgw/logger';
import type { AuthConfig } from '../config.js';
import { assertEmbeddedAllowed } from './assert-embedded-allowed.js';
import { createEmbeddedProvider } from './create-embedded-provider.js';
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
  const { secrets, changed } = await loadDevSecrets(config.AUTH_DEV_SECRETS_FILE, clientIds);
  const mountPath = config.AUTH_EMBEDDED_ISSUER_PATH;
  const issuer = `${config.AUTH_PUBLIC_URL.replace(/\/+$/, '')}${mountPath}`;
  const provider = createEmbeddedProvider({
    issuer,
    mountPath,
    gatewayResource: config.AUTH_GATEWAY_RESOURCE,
    accessTokenTtlSeconds: config.AUTH_ACCESS_TOKEN_TTL_SECONDS,
    identity,
    secrets,
    trustProxy: config.TRUST_PROXY_HOPS > 0,
  });
  logger.info('embedded OpenID provider ready (dev/test only)', {
    ...tokenInstructions({ issuer, secretsFile: config.AUTH_DEV_SECRETS_FILE, clientIds }),
    audience: config.AUTH_GATEWAY_RESOURCE,
    generated: changed,
  });
  return { issuer, mountPath, handler: provider.callback() };
}
