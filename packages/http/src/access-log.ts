import type { Request, RequestHandler } from 'express';
import type { Logger } from '@mcpgw/logger';
import type { HttpMetrics } from './http-metrics.js';

// Probes arrive every few seconds from every load balancer node; at info they would drown the
// lines that matter, so they are logged at debug.
const PROBE_ROUTES = new Set(['/healthz', '/readyz', '/metrics']);

// Node's parser accepts a few dozen methods; anything unusual shares one label value.
const KNOWN_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/**
 * The matched route pattern (e.g. `/v1/servers/:id`), never the raw URL: raw paths would give
 * the metrics unbounded cardinality and could carry ids or tokens into the logs.
 */
export function routeLabel(req: Request): string {
  const route = req.route as { path?: unknown } | undefined;
  if (route === undefined || typeof route.path !== 'string') return 'unmatched';
  return `${req.baseUrl}${route.path}`;
}

/** One access log line and one histogram observation per request, when the response ends. */
export function accessLog(logger: Logger, metrics: HttpMetrics): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    // 'close' fires both after a completed response and when the client goes away mid-way.
    res.once('close', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const route = routeLabel(req);
      const method = KNOWN_METHODS.has(req.method) ? req.method : 'OTHER';
      const status = res.writableFinished ? String(res.statusCode) : 'aborted';
      metrics.observeRequest({ method, route, status }, seconds);
      const level = PROBE_ROUTES.has(route) ? 'debug' : 'info';
      logger.log(level, 'http request', {
        // Set explicitly: the 'close' listener does not run inside the request's context.
        requestId: res.locals.requestId as unknown,
        method,
        route,
        status,
        durationMs: Math.round(seconds * 1e6) / 1e3,
      });
    });
    next();
  };
}
