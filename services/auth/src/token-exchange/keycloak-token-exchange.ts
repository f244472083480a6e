import * as oidc from 'openid-client';
import { appError } from '@mcpgw/errors';
import { lazyDiscovery } from '../console/oidc-client.js';
import type { TokenExchangePort } from './token-exchange-port.js';

export const TOKEN_EXCHANGE_GRANT = 'urn:ietf:params:oauth:grant-type:token-exchange';
const ACCESS_TOKEN = 'urn:ietf:params:oauth:token-type:access_token';

export interface KeycloakTokenExchangeOptions {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Plain-http issuer (local dev and tests). */
  allowHttp?: boolean;
}

function refused(error: unknown): Error {
  if (error instanceof oidc.ResponseBodyError)
    return appError('FORBIDDEN', 'The identity provider refused the token exchange.', {
      details: { error: error.error },
    });
  return appError('UPSTREAM_FAILED', 'The token exchange could not be completed.', {
    cause: error,
  });
}

/**
 * RFC 8693 exchange at the issuer's token endpoint (Keycloak standard token exchange v2; the
 * embedded provider implements the same grant). OAuth refusals become FORBIDDEN with the OAuth
 * error code; transport failures become UPSTREAM_FAILED.
 */
export function createKeycloakTokenExchange(
  options: KeycloakTokenExchangeOptions,
): TokenExchangePort {
  const configuration = lazyDiscovery(options);
  return {
    async exchange({ subjectToken, audience }) {
      let response;
      try {
        response = await oidc.genericGrantRequest(await configuration(), TOKEN_EXCHANGE_GRANT, {
          subject_token: subjectToken,
          subject_token_type: ACCESS_TOKEN,
          requested_token_type: ACCESS_TOKEN,
          audience,
        });
      } catch (error) {
        throw refused(error);
      }
      return { accessToken: response.access_token, expiresIn: response.expiresIn() ?? 0 };
    },
  };
}
