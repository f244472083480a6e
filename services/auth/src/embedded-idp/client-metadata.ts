import type { ClientMetadata } from 'oidc-provider';
import type { DirectoryClient } from './client-directory.js';
import { TOKEN_EXCHANGE_GRANT } from './token-exchange-grant.js';

export const OIDC_SCOPES = ['openid', 'profile', 'email'];

/**
 * oidc-provider's view of a directory client. Only clients users log in to carry a `scope`
 * list: oidc-provider refuses client metadata naming scopes it was not configured with, and
 * catalog scopes come and go at runtime. What a client-credentials client may ask for is
 * checked against the directory instead (gateway-resource.ts).
 */
export function clientMetadata(
  client: DirectoryClient,
  publicUrl: string,
  knownScopes: ReadonlySet<string>,
): ClientMetadata {
  const { login } = client;
  const absolute = (paths: readonly string[]) => paths.map((p) => new URL(p, publicUrl).href);
  const grants = [
    ...(login === undefined ? ['client_credentials'] : ['authorization_code']),
    ...(client.tokenExchange === undefined ? [] : [TOKEN_EXCHANGE_GRANT]),
  ];
  return {
    client_id: client.id,
    client_secret: client.secret,
    client_name: client.description,
    grant_types: grants,
    response_types: login === undefined ? [] : ['code'],
    redirect_uris: absolute(login?.redirectPaths ?? []),
    post_logout_redirect_uris: absolute(login?.postLogoutRedirectPaths ?? []),
    ...(login === undefined
      ? {}
      : {
          scope: [...OIDC_SCOPES, ...client.scopes.filter((s) => knownScopes.has(s))].join(' '),
        }),
    // openid-client defaults to client_secret_basic too; Keycloak accepts both.
    token_endpoint_auth_method: 'client_secret_basic',
  };
}
