import express, { type Router } from 'express';
import { z } from 'zod';
import { appError } from '@mcpgw/errors';
import { extractBearerToken, type TokenVerifier } from '@mcpgw/identity';
import type { Logger } from '@mcpgw/logger';
import type { TokenExchangePort } from './token-exchange-port.js';

export interface TokenExchangeRouterDeps {
  exchange: TokenExchangePort;
  /** Verifies the caller's service token (issuer + audience). */
  verifier: TokenVerifier;
  /** Client ids whose service tokens may call this route (the gateway). */
  callers: readonly string[];
  logger: Logger;
}

const bodySchema = z.strictObject({
  subjectToken: z.string().min(1).max(16_384),
  audience: z.string().min(1).max(512),
});

/**
 * POST /auth/token-exchange: server to server, for the gateway. Bearer service token only; a
 * cookie or session is never considered, so the route needs no CSRF protection.
 */
export function tokenExchangeRouter(deps: TokenExchangeRouterDeps): Router {
  const router = express.Router();
  router.post('/auth/token-exchange', (req, res, next) => {
    (async () => {
      res.set('cache-control', 'no-store');
      const token = extractBearerToken(req.headers.authorization);
      const caller = await deps.verifier.verify(token);
      if (caller.clientId === undefined || !deps.callers.includes(caller.clientId))
        throw appError('FORBIDDEN', 'This client may not exchange tokens.');
      const parsed = bodySchema.safeParse(req.body);
      if (!parsed.success)
        throw appError('VALIDATION_FAILED', 'Expected { subjectToken, audience }.', {
          details: {
            problems: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`),
          },
        });
      const result = await deps.exchange.exchange(parsed.data);
      deps.logger.info('token exchanged', {
        caller: caller.clientId,
        audience: parsed.data.audience,
      });
      res.json({
        access_token: result.accessToken,
        token_type: 'Bearer',
        issued_token_type: 'urn:ietf:params:oauth:token-type:access_token',
        expires_in: result.expiresIn,
      });
    })().catch(next);
  });
  return router;
}
