import express, { type Request, type Response, type Router } from 'express';
import * as oidc from 'openid-client';
import { appError } from '@mcpgw/errors';
import type { Logger } from '@mcpgw/logger';
import type { GroupScopes } from '../roles/group-scopes.js';
import { assertCsrf } from '../sessions/csrf.js';
import {
  clearCookie,
  readCookie,
  setCookie,
  type CookiePolicy,
} from '../sessions/session-cookies.js';
import type { SessionService } from '../sessions/session-service.js';
import type { ConsoleOidc } from './console-oidc.js';
import { safeReturnTo } from './return-to.js';
import { sessionFromLogin } from './session-claims.js';

export interface ConsoleRouterDeps {
  oidc: ConsoleOidc;
  sessions: SessionService;
  cookies: CookiePolicy;
  /** Origin of the console (AUTH_PUBLIC_URL); writes from anywhere else are refused. */
  publicOrigin: string;
  groupScopes: GroupScopes;
  sessionSeconds: number;
  loginSeconds: number;
  logger: Logger;
  now?: () => number;
}

type Handler = (req: Request, res: Response) => Promise<void>;

function route(handler: Handler): express.RequestHandler {
  return (req, res, next) => {
    handler(req, res).catch(next);
  };
}

const loginFailed = () =>
  appError('UNAUTHENTICATED', 'The login could not be completed; start again.', {
    details: { reason: 'login_failed' },
  });

/**
 * Console login (authorization code + PKCE), server-side sessions and RP-initiated logout. The
 * session cookie authenticates only these routes and the console back end: APIs take bearer
 * tokens, and a session is never accepted where a token is required.
 */
export function consoleRouter(deps: ConsoleRouterDeps): Router {
  const router = express.Router();
  const now = deps.now ?? Date.now;
  const { cookies } = deps;
  router.use((_req, res, next) => {
    res.set('cache-control', 'no-store');
    next();
  });

  router.get(
    '/auth/login',
    route(async (req, res) => {
      const checks = {
        state: oidc.randomState(),
        nonce: oidc.randomNonce(),
        codeVerifier: oidc.randomPKCECodeVerifier(),
      };
      const url = await deps.oidc.authorizationUrl(checks);
      const loginCookie = await deps.sessions.beginLogin({
        ...checks,
        returnTo: safeReturnTo(req.query.returnTo),
      });
      setCookie(res, cookies, cookies.login, loginCookie, deps.loginSeconds);
      res.redirect(302, url);
    }),
  );

  router.get(
    '/auth/callback',
    route(async (req, res) => {
      const login = await deps.sessions.redeemLogin(readCookie(req, cookies.login));
      clearCookie(res, cookies, cookies.login);
      if (login === undefined) throw loginFailed();
      const query = new URLSearchParams(req.originalUrl.split('?')[1] ?? '');
      let completed;
      try {
        completed = await deps.oidc.completeLogin(query, login);
      } catch (error) {
        deps.logger.warn('console login refused', {
          reason: error instanceof Error ? error.message : String(error),
        });
        throw loginFailed();
      }
      // Fixation: whatever session id the browser arrived with is dropped, never upgraded.
      await deps.sessions.destroy(readCookie(req, cookies.session));
      const { cookieValue, session } = await deps.sessions.create(
        sessionFromLogin(completed, deps.groupScopes, now()),
      );
      setCookie(res, cookies, cookies.session, cookieValue, deps.sessionSeconds);
      deps.logger.info('console login', { subject: session.subject, roles: session.roles });
      res.redirect(303, login.returnTo);
    }),
  );

  router.get(
    '/auth/session',
    route(async (req, res) => {
      const session = await deps.sessions.resume(readCookie(req, cookies.session));
      if (session === undefined) throw appError('UNAUTHENTICATED', 'No console session.');
      res.json({
        subject: session.subject,
        username: session.username,
        name: session.name,
        groups: session.groups,
        roles: session.roles,
        scopes: session.scopes,
        csrfToken: session.csrfToken,
        expiresAt: new Date(session.expiresAt).toISOString(),
        absoluteExpiresAt: new Date(session.absoluteExpiresAt).toISOString(),
      });
    }),
  );

  router.post(
    '/auth/logout',
    route(async (req, res) => {
      const cookieValue = readCookie(req, cookies.session);
      const session = await deps.sessions.resume(cookieValue);
      if (session === undefined) throw appError('UNAUTHENTICATED', 'No console session.');
      assertCsrf(req, deps.publicOrigin, session.csrfToken);
      await deps.sessions.destroy(cookieValue);
      clearCookie(res, cookies, cookies.session);
      deps.logger.info('console logout', { subject: session.subject });
      // The console navigates there to end the identity provider's session too.
      res.json({ endSessionUrl: await deps.oidc.endSessionUrl(session.idToken) });
    }),
  );

  return router;
}
