import type { Request, Response, Router } from 'express';
import type { z } from 'zod';
import type { Actor } from '../domain/model/actor.js';
import { actorOf } from './authenticate.js';
import { authorize } from './authorize.js';
import { parseInput } from './validate.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RouteContext<P, Q, B> {
  readonly params: P;
  readonly query: Q;
  readonly body: B;
  readonly actor: Actor;
  readonly req: Request;
  readonly res: Response;
}

export interface RouteResult {
  readonly status?: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * One declaration per route: path, schemas, docs and handler together, so the OpenAPI
 * document (/v1/openapi.json), the role table check and the Express router all come from the
 * same list and cannot drift apart.
 */
export interface RouteDefinition<
  P extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
> {
  readonly method: HttpMethod;
  /** Express-style path, e.g. `/v1/servers/:serverId`. Must have a rule in ROUTE_ROLES. */
  readonly path: string;
  readonly summary: string;
  readonly tag: string;
  readonly params?: P;
  readonly query?: Q;
  readonly body?: B;
  /** Response schemas by status, for the OpenAPI document. */
  readonly responses: Readonly<Record<number, { description: string; schema?: z.ZodType }>>;
  readonly handler: (
    ctx: RouteContext<z.infer<P>, z.infer<Q>, z.infer<B>>,
  ) => Promise<RouteResult> | RouteResult;
}

/** Identity helper that keeps the handler's types inferred from the schemas. */
export function defineRoute<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType>(
  route: RouteDefinition<P, Q, B>,
): RouteDefinition {
  return route as unknown as RouteDefinition;
}

/** Mounts declared routes on an (already authenticated) router. */
export function mountRoutes(
  router: Router,
  routes: readonly RouteDefinition[],
  options: { gatewayClientIds: readonly string[] },
): void {
  for (const route of routes) {
    const method = route.method.toLowerCase() as Lowercase<HttpMethod>;
    router[method](
      route.path,
      authorize(route.method, route.path, options.gatewayClientIds),
      async (req, res, next) => {
        try {
          const ctx = {
            params: route.params ? parseInput(route.params, req.params, 'params') : req.params,
            query: route.query ? parseInput(route.query, req.query, 'query') : req.query,
            body: route.body ? parseInput(route.body, req.body ?? {}, 'body') : undefined,
            actor: actorOf(res),
            req,
            res,
          };
          const result = await route.handler(ctx);
          if (res.headersSent) return;
          for (const [name, value] of Object.entries(result.headers ?? {}))
            res.setHeader(name, value);
          const status = result.status ?? 200;
          if (result.body === undefined) res.status(status).end();
          else res.status(status).json(result.body);
        } catch (error) {
          next(error);
        }
      },
    );
  }
}
