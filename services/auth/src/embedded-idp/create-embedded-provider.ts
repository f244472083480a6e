import Provider, { type AdapterPayload, type Configuration } from 'oidc-provider';
import type { ClientDirectory } from './client-directory.js';
import { clientMetadata, OIDC_SCOPES } from './client-metadata.js';
import type { DevIdentity } from './dev-identity.js';
import { devAccounts, serviceAccountName } from './dev-accounts.js';
import type { DevSecrets } from './dev-secrets.js';
import { withDirectoryClients } from './directory-adapter.js';
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
  /** Users, and the scopes the provider announces in discovery. */
  identity: DevIdentity;
  /** The signing and cookie keys. */
  secrets: DevSecrets;
  /** Every client, read on each request (provisioning changes it at runtime). */
  directory: ClientDirectory;
  /** Honour X-Forwarded-* (behind a load balancer). */
  trustProxy: boolean;
}

function configuration(options: EmbeddedProviderOptions): Configuration {
  const { identity, secrets, directory } = options;
  const accounts = devAccounts(identity.users);
  const knownScopes = new Set([...OIDC_SCOPES, ...identity.scopes.map((scope) => scope.name)]);
  const findClient = (id: string) => {
    const client = directory.active(id);
    // A disabled client is unknown to the provider: Keycloak refuses it as invalid_client too.
    return client === undefined
      ? undefined
      : (clientMetadata(client, options.publicUrl, knownScopes) as AdapterPayload);
  };
  return {
    adapter: withDirectoryClients(createMemoryAdapter(), findClient),
    jwks: { keys: [secrets.signingKey] },
    cookies: { keys: secrets.cookieKeys },
    // Discovery's scopes_supported: the seed's scopes. Scopes synced later are still granted.
    scopes: [...knownScopes],
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
        allowedScopes: directory.allowedScopes,
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

/** The embedded OpenID provider: clients from the directory, keys from the generated secrets. */
export function createEmbeddedProvider(options: EmbeddedProviderOptions): Provider {
  const provider = new Provider(options.issuer, configuration(options));
  provider.proxy = options.trustProxy;
  provider.registerGrantType(
    TOKEN_EXCHANGE_GRANT,
    tokenExchangeGrant({
      issuer: options.issuer,
      signingKey: options.secrets.signingKey,
      acceptedSubjectAudiences: [options.gatewayResource],
      allowedAudiences: options.directory.exchangeAudiences,
      accessTokenTtlSeconds: options.accessTokenTtlSeconds,
    }),
    TOKEN_EXCHANGE_PARAMS,
  );
  return provider;
}
