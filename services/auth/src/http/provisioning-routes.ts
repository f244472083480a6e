import {
  Router,
  type NextFunction,
  type Request,
  type RequestHandler,
  type Response,
} from 'express';
import { z } from 'zod';
import { appError } from '@mcpgw/errors';
import type { Logger } from '@mcpgw/logger';
import type { AdminCaller } from '../admin-auth/authorize-admin.js';
import type { Provisioning } from '../provisioning/index.js';
import { AGENT_ID, SCOPE_ID } from '../provisioning/names.js';

export interface ProvisioningRouterDeps {
  /** Absent when provisioning is not configured: every admin route then answers 503. */
  readonly provisioning?: Provisioning;
  /** Why provisioning is absent; shown to authorized callers in the 503 answer. */
  readonly unavailable?: string;
  /**
   * Authenticates and authorizes the caller (the registry's service client or a platform admin)
   * from the request; rejects with an AppError (UNAUTHENTICATED, TOKEN_INVALID, FORBIDDEN…).
   */
  readonly authorize: (req: Request) => Promise<AdminCaller>;
  readonly logger: Pick<Logger, 'info'>;
}

const scopeId = z.string().max(200).regex(SCOPE_ID, 'must be a scope name like crm.read');
const agentBody = z.strictObject({
  description: z.string().max(500).default(''),
  grantedScopes: z.array(scopeId).max(200),
});
const scopesBody = z.strictObject({
  scopes: z
    .array(z.strictObject({ id: scopeId, description: z.string().max(500).default('') }))
    .max(1000)
    .refine((scopes) => new Set(scopes.map((s) => s.id)).size === scopes.length, {
      message: 'must not list a scope twice',
    }),
});
// Rotation and disabling take no input; a body with anything in it is a confused caller.
const emptyBody = z.strictObject({});

function parse<T>(schema: z.ZodType<T>, value: unknown, where: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw appError('VALIDATION_FAILED', undefined, {
    details: {
      issues: result.error.issues.map((issue) => ({
        path: [where, ...issue.path].join('.'),
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
  const id = String(req.params.id);
  if (!AGENT_ID.test(id))
    throw appError('VALIDATION_FAILED', 'The agent id is invalid.', {
      details: { issues: [{ path: 'params.id', message: `must match ${AGENT_ID.source}` }] },
    });
  return id;
}

function sendUnavailable(res: Response, message: string): void {
  // The shared error edge hides messages of 5xx answers; this one only says how the service is
  // configured, and only to an authorized caller, so it is shown.
  const requestId = typeof res.locals.requestId === 'string' ? res.locals.requestId : 'unknown';
  res.status(503).json({ error: { code: 'NOT_READY', message, requestId } });
}

/**
 * The admin endpoints the registry calls when agents and scopes change. Secrets appear only in
 * the answer to creation and rotation (once), unless a secret writer is configured, in which case
 * only its reference is returned. Every answer is `Cache-Control: no-store`. The audit log line
 * names the caller and the agent, never the secret.
 */
export function provisioningRouter(deps: ProvisioningRouterDeps): Router {
  const router = Router();
  const audit = (res: Response, action: string, fields: Record<string, unknown>): void => {
    deps.logger.info('provisioning', { action, caller: res.locals.adminCaller, ...fields });
  };
  router.use('/auth/admin', (req, res, next) => {
    res.set('cache-control', 'no-store');
    deps.authorize(req).then((caller) => {
      res.locals.adminCaller = caller;
      if (deps.provisioning === undefined)
        sendUnavailable(res, deps.unavailable ?? 'Provisioning is not configured.');
      else next();
    }, next);
  });
  const provisioning = (): Provisioning => deps.provisioning as Provisioning;
  router.put(
    '/auth/admin/agents/:id',
    route(async (req, res) => {
      const id = agentId(req);
      const body = parse(agentBody, req.body, 'body');
      const result = await provisioning().ensureAgent({ id, ...body });
      audit(res, 'ensure-agent', { agentId: id, change: result.change });
      res.status(result.change === 'created' ? 201 : 200).json({ id, ...result });
    }),
  );
  router.post(
    '/auth/admin/agents/:id/rotate-secret',
    route(async (req, res) => {
      const id = agentId(req);
      parse(emptyBody, req.body ?? {}, 'body');
      const secret = await provisioning().rotateAgentSecret(id);
      audit(res, 'rotate-secret', { agentId: id, secretRef: secret.secretRef });
      res.json({ id, change: 'updated', secret });
    }),
  );
  router.post(
    '/auth/admin/agents/:id/disable',
    route(async (req, res) => {
      const id = agentId(req);
      parse(emptyBody, req.body ?? {}, 'body');
      const change = await provisioning().disableAgent(id);
      audit(res, 'disable-agent', { agentId: id, change });
      res.json({ id, change });
    }),
  );
  router.put(
    '/auth/admin/scopes',
    route(async (req, res) => {
      const { scopes } = parse(scopesBody, req.body, 'body');
      const result = await provisioning().syncScopes(scopes);
      audit(res, 'sync-scopes', { change: result.change, count: scopes.length });
      res.json(result);
    }),
  );
  return router;
}
