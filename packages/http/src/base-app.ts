import express, { type Express } from 'express';
import helmet from 'helmet';
import type { Registry } from 'prom-client';
import type { Logger } from '@mcpgw/logger';
import { errorMiddleware, notFoundHandler } from '@mcpgw/errors';
import { accessLog } from './access-log.js';
import { healthRoutes } from './health-routes.js';
import { createHttpMetrics } from './http-metrics.js';
import { createLifecycle, type Lifecycle } from './lifecycle.js';
import type { ReadinessCheck } from './readiness.js';
import { requestContextMiddleware } from './request-context.js';

export interface BaseAppOptions {
  service: string;
  logger: Logger;
  /** Largest accepted JSON body, in body-parser's syntax. Default '1mb'. */
  bodyLimit?: string;
  /** Proxies in front of the service (ALB = 1). Default 0: X-Forwarded-* is ignored. */
  trustProxyHops?: number;
  readinessChecks?: ReadinessCheck[];
  metrics?: { registry?: Registry; prefix?: string };
}

export interface BaseApp {
  app: Express;
  metricsRegistry: Registry;
  lifecycle: Lifecycle;
  /** Mounts the 404 and error handlers; call once, after the service's own routes. */
  finalize(): void;
}

function validateTrustProxyHops(hops: number): number {
  if (!Number.isInteger(hops) || hops < 0) {
    throw new RangeError(`trustProxyHops must be a non-negative integer, got ${hops}`);
  }
  return hops;
}

/**
 * The Express app every service starts from: hardened headers, request ids and trace context,
 * bounded JSON bodies, access log and metrics, and the health endpoints. Services add their
 * routes to `app`, then call `finalize()`.
 */
export function createBaseApp(options: BaseAppOptions): BaseApp {
  const { service, logger } = options;
  const lifecycle = createLifecycle();
  const metrics = createHttpMetrics({ service, ...options.metrics });
  const app = express();

  app.disable('x-powered-by');
  // A hop count, never `true`: trusting every X-Forwarded-For entry lets clients pick their IP.
  app.set('trust proxy', validateTrustProxyHops(options.trustProxyHops ?? 0));

  app.use(requestContextMiddleware());
  app.use(accessLog(logger, metrics));
  app.use(helmet());
  app.use(
    healthRoutes({ lifecycle, readinessChecks: options.readinessChecks ?? [], metrics, logger }),
  );
  // strict: only objects and arrays. body-parser refuses an oversized Content-Length before
  // reading and stops a chunked body at the limit, so nothing large is buffered whole; its
  // errors become MALFORMED_JSON / PAYLOAD_TOO_LARGE in the error middleware.
  app.use(express.json({ limit: options.bodyLimit ?? '1mb', strict: true }));

  let finalized = false;
  const finalize = (): void => {
    if (finalized) return;
    finalized = true;
    app.use(notFoundHandler());
    app.use(errorMiddleware({ logger }));
  };

  return { app, metricsRegistry: metrics.registry, lifecycle, finalize };
}
