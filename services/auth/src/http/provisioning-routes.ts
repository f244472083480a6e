import {
  Router,
  type NextFunction,
  type Request,
  type RequestHandler,
  type Response,
} from 'express';
import { z } from 'zod';
import { appError } from '@mcpgw/errors';
import type { Provisioning } from '../provisioning/index.js';
import { SCOPE_ID } from '../provisioning/names.js';

export interface ProvisioningRouterDeps {
  readonly provisioning: Provisioning;
  /**
   * Authenticates and authorizes the caller (the registry's service client or a platform admin)
   * from the request; rejects with an AppError (UNAUTHENTICATED, TOKEN_INVALID, FORBIDDEN…).
   */
  readonly authorize: (req: Request) => Promise<unknown>;
}

const scopeId = z.string().regex(SCOPE_ID, 'must be a scope name like crm.read');
const agentBody = z.strictObject({
  description: z.string().max(500).default(''),
  grantedScopes: z.array(scopeId).max(200),
});
const scopesBody = z.strictObject({
  scopes: z
    .array(z.strictObject({ id: scopeId, description: z.string().max(500).default('') }))
    .max(1000),
});

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw appError('VALIDATION_FAILED', undefined, {
    details: {
      issues: result.error.issues.map((issue) => ({
        path: ['body', ...issue.path].join('.'),
        message: issue.message,
      })),
    },
  });
}

function route(handler: (req: Request, res: Response) => Promise<void>): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    handler(req, res).catch(next);
  };
}

function agentId(req: Request): string {
  return String(req.params.id);
}

/**
 * The admin endpoints the registry calls when agents and scopes change. Secrets appear only in
 * the answer to creation and rotation (once), with `Cache-Control: no-store`, unless a secret
 * writer is configured, in which case only its reference is returned.
 */
export function provisioningRouter(deps: ProvisioningRouterDeps): Router {
  const router = Router();
  router.use('/auth/admin', (req, _res, next) => {
    deps.authorize(req).then(() => next(), next);
  });
  router.put(
    '/auth/admin/agents/:id',
    route(async (req, res) => {
      const body = parse(agentBody, req.body);
      const result = await deps.provisioning.ensureAgent({ id: agentId(req), ...body });
      res.set('cache-control', 'no-store');
      res.status(result.change === 'created' ? 201 : 200).json({ id: agentId(req), ...result });
    }),
  );
  router.post(
    '/auth/admin/agents/:id/rotate-secret',
    route(async (req, res) => {
      const secret = await deps.provisioning.rotateAgentSecret(agentId(req));
      res.set('cache-control', 'no-store');
      res.json({ id: agentId(req), change: 'updated', secret });
    }),
  );
  router.post(
    '/auth/admin/agents/:id/disable',
    route(async (req, res) => {
      const change = await deps.provisioning.disableAgent(agentId(req));
      res.json({ id: agentId(req), change });
    }),
  );
  router.put(
    '/auth/admin/scopes',
    route(async (req, res) => {
      const { scopes } = parse(scopesBody, req.body);
      res.json(await deps.provisioning.syncScopes(scopes));
    }),
  );
  return router;
}
