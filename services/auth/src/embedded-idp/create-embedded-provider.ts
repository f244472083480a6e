import Provider, { type ClientMetadata, type Configuration } from 'oidc-provider';
import type { DevIdentity } from './dev-identity.js';
import { devAccounts, serviceAccountName } from './dev-accounts.js';
import type { DevSecrets } from './dev-secrets.js';
import { gatewayResourceIndicators } from './gateway-resource.js';
import { createMemoryAdapter } from './memory-adapter.js';

export interface EmbeddedProviderOptions {
  issuer: string;
  /** Where the provider is mounted; its interaction pages live below it. */
  mountPath: string;
  gatewayResource: string;
  accessTokenTtlSeconds: number;
  identity: DevIdentity;
  secrets: DevSecrets;
  /** Honour X-Forwarded-* (behind a load balancer). */
  trustProxy: boolean;
}

const OIDC_SCOPES = ['openid', 'profile', 'email'];

function clientMetadata(identity: DevIdentity, secrets: DevSecrets): ClientMetadata[] {
  return identity.clients.map((client) => ({
    client_id: client.id,
    client_secret: secrets.clients[client.id],
    client_name: client.description,
    grant_types: ['client_credentials'],
    response_types: [],
    redirect_uris: [],
    scope: client.scopes.join(' '),
    token_endpoint_auth_method: 'client_secret_basic',
  }));
}

function configuration(options: EmbeddedProviderOptions): Configuration {
  const { identity, secrets } = options;
  const allowed = new Map(identity.clients.map((client) => [client.id, client.scopes]));
  const accounts = devAccounts(identity.users);
  return {
    adapter: createMemoryAdapter(),
    clients: clientMetadata(identity, secrets),
    jwks: { keys: [secrets.signingKey] },
    cookies: { keys: secrets.cookieKeys },
    scopes: [...OIDC_SCOPES, ...identity.scopes.map((scope) => scope.name)],
    claims: {
      openid: ['sub'],
      profile: ['name', 'preferred_username', 'groups'],
      email: ['email'],
    },
    findAccount: accounts.findAccount,
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
    // The login pages arrive with the console login (issue 5, item 2).
    interactions: {
      url: (_ctx, interaction) => `${options.mountPath}/interaction/${interaction.uid}`,
    },
    // No browser-based client exists yet; agents call the token endpoint server to server.
    clientBasedCORS: () => false,
  };
}

/** The embedded OpenID provider, seeded from the dev identity file and its generated secrets. */
export function createEmbeddedProvider(options: EmbeddedProviderOptions): Provider {
  const provider = new Provider(options.issuer, configuration(options));
  provider.proxy = options.trustProxy;
  return provider;
}
