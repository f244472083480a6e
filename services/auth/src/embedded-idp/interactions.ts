import { createHmac, randomBytes } from 'node:crypto';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type Provider from 'oidc-provider';
import { sameSecret } from '../sessions/session-ids.js';
import { loginPage } from './login-page.js';

export interface InteractionOptions {
  provider: Provider;
  /** Where this router is mounted: `${issuerPath}/interaction`. */
  basePath: string;
  /** Origin of the issuer; a form post from any other origin is refused. */
  issuerOrigin: string;
  gatewayResource: string;
  /** username → password (from the dev secrets file). */
  passwords: Readonly<Record<string, string>>;
  /** Scopes a client may hold on the gateway resource. */
  allowedScopes(clientId: string): readonly string[];
}

const FAILED = 'Unknown username or password.';

/** The provider's own errors (expired or foreign interaction) are the browser's, not ours. */
function refuse(error: unknown, res: Response, next: NextFunction): void {
  const status = (error as { statusCode?: unknown }).statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    res.status(status).type('text').send('This sign-in attempt is no longer valid; start again.');
    return;
  }
  next(error);
}

/**
 * Dev login and consent for the embedded provider. Login checks username and password; consent
 * is given automatically (first-party clients, as Keycloak does with consent off). The form
 * carries a token derived from the interaction id, and posts must come from the issuer origin;
 * the provider itself also binds the interaction to its SameSite cookie.
 */
export function interactionsRouter(options: InteractionOptions): Router {
  const key = randomBytes(32);
  const csrfFor = (uid: string) => createHmac('sha256', key).update(uid).digest('base64url');
  const router = express.Router();
  router.use(express.urlencoded({ extended: false, limit: '8kb', parameterLimit: 10 }));
  const noStore = (_req: Request, res: Response, next: NextFunction) => {
    res.set('cache-control', 'no-store');
    next();
  };
  router.use(noStore);

  async function grantConsent(
    accountId: string,
    details: Awaited<ReturnType<Provider['interactionDetails']>>,
  ) {
    const clientId = String(details.params.client_id);
    const grant =
      details.grantId === undefined
        ? new options.provider.Grant({ accountId, clientId })
        : ((await options.provider.Grant.find(details.grantId)) ??
          new options.provider.Grant({ accountId, clientId }));
    grant.addOIDCScope(String(details.params.scope ?? 'openid'));
    const scopes = options.allowedScopes(clientId);
    if (scopes.length > 0) grant.addResourceScope(options.gatewayResource, scopes.join(' '));
    return grant.save();
  }

  router.get('/:uid', async (req, res, next) => {
    try {
      const details = await options.provider.interactionDetails(req, res);
      if (details.prompt.name === 'login') {
        res.type('html').send(
          loginPage({
            action: `${options.basePath}/${details.uid}`,
            csrfToken: csrfFor(details.uid),
            clientId: String(details.params.client_id),
          }),
        );
        return;
      }
      const accountId = details.session?.accountId ?? '';
      const grantId = await grantConsent(accountId, details);
      await options.provider.interactionFinished(
        req,
        res,
        { consent: { grantId } },
        {
          mergeWithLastSubmission: true,
        },
      );
    } catch (error) {
      refuse(error, res, next);
    }
  });

  router.post('/:uid', async (req, res, next) => {
    try {
      const details = await options.provider.interactionDetails(req, res);
      const origin = req.headers.origin;
      const body = (req.body ?? {}) as Record<string, unknown>;
      const csrf = typeof body.csrf === 'string' ? body.csrf : '';
      if (
        (origin !== undefined && origin !== options.issuerOrigin) ||
        !sameSecret(csrf, csrfFor(details.uid))
      ) {
        res.status(403).type('text').send('Forbidden: the form token is missing or wrong.');
        return;
      }
      const username = typeof body.username === 'string' ? body.username : '';
      const password = typeof body.password === 'string' ? body.password : '';
      const expected = options.passwords[username];
      if (
        details.prompt.name !== 'login' ||
        expected === undefined ||
        !sameSecret(password, expected)
      ) {
        res
          .status(401)
          .type('html')
          .send(
            loginPage({
              action: `${options.basePath}/${details.uid}`,
              csrfToken: csrfFor(details.uid),
              clientId: String(details.params.client_id),
              error: FAILED,
            }),
          );
        return;
      }
      const grantId = await grantConsent(username, details);
      await options.provider.interactionFinished(
        req,
        res,
        { login: { accountId: username }, consent: { grantId } },
        { mergeWithLastSubmission: false },
      );
    } catch (error) {
      refuse(error, res, next);
    }
  });
  return router;
}
