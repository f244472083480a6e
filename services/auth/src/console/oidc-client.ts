import * as oidc from 'openid-client';

export interface OidcClientSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Plain http to the issuer: local dev and tests only (main.ts decides). */
  allowHttp?: boolean;
}

/**
 * Discovery, done lazily and cached; a failed discovery is retried on the next call instead of
 * being cached, so the service starts even while the identity provider is still booting.
 */
export function lazyDiscovery(settings: OidcClientSettings): () => Promise<oidc.Configuration> {
  let pending: Promise<oidc.Configuration> | undefined;
  return () => {
    pending ??= oidc
      .discovery(
        new URL(settings.issuer),
        settings.clientId,
        undefined,
        oidc.ClientSecretBasic(settings.clientSecret),
        settings.allowHttp === true ? { execute: [oidc.allowInsecureRequests] } : undefined,
      )
      .catch((error: unknown) => {
        pending = undefined;
        throw error;
      });
    return pending;
  };
}
