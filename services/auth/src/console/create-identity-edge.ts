import type { AuthConfig } from '../config.js';
import type { Logger } from '@mcpgw/logger';
import { createTokenVerifier } from '@mcpgw/identity';
import { appError } from '@mcpgw/errors';
import { parseGroupScopes } from '../roles/group-scopes.js';
import { cookiePolicy } from '../sessions/session-cookies.js';
import { createSessionService, type SessionService } from '../sessions/session-service.js';
import type { SessionStore } from '../sessions/session-store.js';
import { createKeycloakTokenExchange } from '../token-exchange/keycloak-token-exchange.js';
import type { TokenExchangeRouterDeps } from '../token-exchange/token-exchange-router.js';
import { createConsoleOidc } from './console-oidc.js';
import type { ConsoleRouterDeps } from './console-router.js';

/** A login attempt must finish within this time. */
export const LOGIN_SECONDS = 600;

export interface IdentityEdge {
  console: ConsoleRouterDeps;
  tokenExchange: TokenExchangeRouterDeps;
  sessions: SessionService;
}

export interface IdentityEdgeInput {
  config: Readonly<AuthConfig>;
  logger: Logger;
  store: SessionStore;
  /** Embedded mode: its issuer and generated client secrets supply the defaults. */
  embedded?: { issuer: string; clientSecret?: (clientId: string) => string | undefined };
  now?: () => number;
}

function required(value: string | undefined, key: string): string {
  if (value === undefined || value === '')
    throw appError('CONFIG_INVALID', `${key} is required`, { details: { key } });
  return value;
}

/**
 * Builds the console and token-exchange dependencies from configuration. Shared by main.ts and
 * the tests so both run the same wiring.
 */
export function createIdentityEdge(input: IdentityEdgeInput): IdentityEdge {
  const { config, logger, embedded } = input;
  const base = config.AUTH_PUBLIC_URL.replace(/\/+$/, '');
  const issuer = required(config.AUTH_OIDC_ISSUER ?? embedded?.issuer, 'AUTH_OIDC_ISSUER');
  const secretOf = (clientId: string, value: string | undefined, key: string) =>
    required(value ?? embedded?.clientSecret?.(clientId), key);
  // http issuers only outside production (local dev, the test environment).
  const allowHttp = issuer.startsWith('http:') && config.NODE_ENV !== 'production';
  const now = input.now ?? Date.now;
  const sessions = createSessionService(
    input.store,
    {
      absoluteSeconds: config.AUTH_SESSION_TTL_SECONDS,
      idleSeconds: config.AUTH_SESSION_IDLE_SECONDS,
      loginSeconds: LOGIN_SECONDS,
    },
    now,
  );
  const consoleOidc = createConsoleOidc({
    issuer,
    clientId: config.AUTH_CONSOLE_CLIENT_ID,
    clientSecret: secretOf(
      config.AUTH_CONSOLE_CLIENT_ID,
      config.AUTH_CONSOLE_CLIENT_SECRET,
      'AUTH_CONSOLE_CLIENT_SECRET',
    ),
    redirectUri: config.AUTH_CONSOLE_REDIRECT_URL ?? `${base}/auth/callback`,
    postLogoutRedirectUri: config.AUTH_POST_LOGOUT_REDIRECT_URL ?? `${base}/`,
    scope: config.AUTH_CONSOLE_SCOPES,
    allowHttp,
  });
  const exchange = createKeycloakTokenExchange({
    issuer,
    clientId: config.AUTH_EXCHANGE_CLIENT_ID,
    clientSecret: secretOf(
      config.AUTH_EXCHANGE_CLIENT_ID,
      config.AUTH_EXCHANGE_CLIENT_SECRET,
      'AUTH_EXCHANGE_CLIENT_SECRET',
    ),
    allowHttp,
  });
  const verifier = createTokenVerifier({
    issuers: [
      {
        issuer,
        audiences: [config.AUTH_SERVICE_TOKEN_AUDIENCE ?? config.AUTH_GATEWAY_RESOURCE],
      },
    ],
  });
  return {
    sessions,
    console: {
      oidc: consoleOidc,
      sessions,
      cookies: cookiePolicy(config.AUTH_PUBLIC_URL),
      publicOrigin: new URL(config.AUTH_PUBLIC_URL).origin,
      groupScopes: parseGroupScopes(config.AUTH_GROUP_SCOPES),
      sessionSeconds: config.AUTH_SESSION_TTL_SECONDS,
      loginSeconds: LOGIN_SECONDS,
      logger,
      now,
    },
    tokenExchange: { exchange, verifier, callers: config.AUTH_EXCHANGE_CALLERS, logger },
  };
}
