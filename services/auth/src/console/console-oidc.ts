import * as oidc from 'openid-client';
import { lazyDiscovery, type OidcClientSettings } from './oidc-client.js';

export interface ConsoleOidcSettings extends OidcClientSettings {
  redirectUri: string;
  postLogoutRedirectUri: string;
  scope: string;
}

export interface LoginChecks {
  state: string;
  nonce: string;
  codeVerifier: string;
}

export interface CompletedLogin {
  claims: Record<string, unknown>;
  idToken: string;
  accessToken: string;
  expiresInSeconds: number;
}

/** What the console routes need from the identity provider; tests may substitute it. */
export interface ConsoleOidc {
  authorizationUrl(checks: LoginChecks): Promise<string>;
  /** Validates state, nonce, PKCE and the ID token; rejects on any mismatch. */
  completeLogin(query: URLSearchParams, checks: LoginChecks): Promise<CompletedLogin>;
  endSessionUrl(idToken: string): Promise<string>;
}

export function createConsoleOidc(settings: ConsoleOidcSettings): ConsoleOidc {
  const configuration = lazyDiscovery(settings);
  return {
    async authorizationUrl(checks) {
      const challenge = await oidc.calculatePKCECodeChallenge(checks.codeVerifier);
      return oidc
        .buildAuthorizationUrl(await configuration(), {
          redirect_uri: settings.redirectUri,
          scope: settings.scope,
          state: checks.state,
          nonce: checks.nonce,
          code_challenge: challenge,
          code_challenge_method: 'S256',
        })
        .toString();
    },
    async completeLogin(query, checks) {
      // The callback URL is rebuilt from configuration, never from the Host header.
      const current = new URL(settings.redirectUri);
      current.search = query.toString();
      const tokens = await oidc.authorizationCodeGrant(await configuration(), current, {
        pkceCodeVerifier: checks.codeVerifier,
        expectedState: checks.state,
        expectedNonce: checks.nonce,
        idTokenExpected: true,
      });
      const claims = tokens.claims();
      if (claims === undefined || tokens.id_token === undefined)
        throw new Error('no ID token in the token response');
      return {
        claims: { ...claims },
        idToken: tokens.id_token,
        accessToken: tokens.access_token,
        expiresInSeconds: tokens.expiresIn() ?? 300,
      };
    },
    async endSessionUrl(idToken) {
      return oidc
        .buildEndSessionUrl(await configuration(), {
          id_token_hint: idToken,
          post_logout_redirect_uri: settings.postLogoutRedirectUri,
        })
        .toString();
    },
  };
}
