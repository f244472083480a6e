import Provider, { type ClientMetadata, type Configuration } from 'oidc-provider';
import type { DevIdentity } from './dev-identity.js';
import { devAccounts, serviceAccountName } from './dev-accounts.js';
import type { DevSecrets } from './dev-secrets.js';
import { gatewayResourceIndicators } from './gateway-resource.js';
import { createMemoryAdapter } from './memory-adapter.js';
import {
  TOKEN_EXCHANGE_GRANT,
  TOKEN_EXCHANGE_PARAMS,
  tokenExchangeGrant,
} from './token-exchange-grant.js';

export interface EmbeddedProviderOptions {
  issuer: string;
  /** Where the provider is mounted; its interaction pages live below it. */
  mountPath: string;
  /** AUTH_PUBLIC_URL: the seed's redirect paths are resolved against it. */
  publicUrl: string;
  gatewayResource: string;
  accessTokenTtlSeconds: number;
  identity: DevIdentity;
  secrets: DevSecrets;
  /** Honour X-Forwarded-* (behind a load balancer). */
  trustProxy: boolean;
}

const OIDC_SCOPES = ['openid', 'profile', 'email'];

function clientMetadata(options: EmbeddedProviderOptions): ClientMetadata[] {
  const { identity, secrets, publicUrl } = options;
  const absolute = (paths: readonly string[]) => paths.map((p) => new URL(p, publicUrl).href);
  return identity.clients.map((client) => {
    const login = client.login;
    const grants = [
      ...(login === undefined ? ['client_credentials'] : ['authorization_code']),
      ...(client.tokenExchange === undefined ? [] : [TOKEN_EXCHANGE_GRANT]),
    ];
    return {
      client_id: client.id,
      client_secret: secrets.clients[client.id],
      client_name: client.description,
      grant_types: grants,
      response_types: login === undefined ? [] : ['code'],
      redirect_uris: absolute(login?.redirectPaths ?? []),
      post_logout_redirect_uris: absolute(login?.postLogoutRedirectPaths ?? []),
      scope: [...(login === undefined ? [] : OIDC_SCOPES), ...client.scopes].join(' '),
      // openid-client defaults to client_secret_basic too; Keycloak accepts both.
      token_endpoint_auth_method: 'client_secret_basic',
    };
  });
}

function configuration(options: EmbeddedProviderOptions): Configuration {
  const { identity, secrets } = options;
  const allowed = new Map(identity.clients.map((client) => [client.id, client.scopes]));
  const accounts = devAccounts(identity.users);
  return {
    adapter: createMemoryAdapter(),
    clients: clientMetadata(options),
    jwks: { keys: [secrets.signingKey] },
    cookies: { keys: secrets.cookieKeys },
    scopes: [...OIDC_SCOPES, ...identity.scopes.map((scope) => scope.name)],
    claims: {
      openid: ['sub'],
      profile: ['name', 'preferred_username', 'groups'],
      email: ['email'],
    },
    findAccount: accounts.findAccount,
    // Keycloak puts profile and group claims in the ID token; the console reads them there.
    conformIdTokenClaims: false,
    // Keycloak puts these in access tokens; the gateway maps groups to scopes and roles.
    extraTokenClaims: (_ctx, token) => {
      if (token.kind === 'ClientCredentials')
        return { preferred_username: serviceAccountName(token.clientId ?? '') };
      const user = token.accountId === undefined ? undefined : accounts.find(token.accountId);
      return user === undefined
        ? undefined
        : { preferred_username: user.username, groups: [...user.groups] };
    },
    ttl: {
      ClientCredentials: options.accessTokenTtlSeconds,
      AccessToken: options.accessTokenTtlSeconds,
    },
    features: {
      // Its login page accepts any username without a password: never, not even in dev.
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      resourceIndicators: gatewayResourceIndicators({
        resource: options.gatewayResource,
        accessTokenTtlSeconds: options.accessTokenTtlSeconds,
        allowedScopes: (clientId) => allowed.get(clientId) ?? [],
      }),
    },
    // Dev login and consent pages: ./interactions.ts, mounted before the provider.
    interactions: {
      url: (_ctx, interaction) => `${options.mountPath}/interaction/${interaction.uid}`,
    },
    // The console's back end (this service) calls the token endpoint, never a browser.
    clientBasedCORS: () => false,
  };
}

/** The embedded OpenID provider, seeded from the dev identity file and its generated secrets. */
export function createEmbeddedProvider(options: EmbeddedProviderOptions): Provider {
  const provider = new Provider(options.issuer, configuration(options));
  provider.proxy = options.trustProxy;
  const exchange = new Map(
    options.identity.clients.map((client) => [client.id, client.tokenExchange?.audiences ?? []]),
  );
  provider.registerGrantType(
    TOKEN_EXCHANGE_GRANT,
    tokenExchangeGrant({
      issuer: options.issuer,
      signingKey: options.secrets.signingKey,
      acceptedSubjectAudiences: [options.gatewayResource],
      allowedAudiences: (clientId) => exchange.get(clientId) ?? [],
      accessTokenTtlSeconds: options.accessTokenTtlSeconds,
    }),
    TOKEN_EXCHANGE_PARAMS,
  );
  return provider;
}
