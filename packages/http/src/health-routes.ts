import { Router, type Response } from 'express';
import type { Logger } from '@mcpgw/logger';
import type { Lifecycle } from './lifecycle.js';
import type { HttpMetrics } from './http-metrics.js';
import { runReadinessChecks, type ReadinessCheck } from './readiness.js';

export interface HealthRoutesOptions {
  lifecycle: Lifecycle;
  readinessChecks: readonly ReadinessCheck[];
  metrics: HttpMetrics;
  logger: Logger;
}

function noStore(res: Response): Response {
  return res.set('Cache-Control', 'no-store');
}

/**
 * Liveness, readiness and metrics. Liveness does no I/O and stays 200 while draining: a
 * restart during shutdown would only cut the drain short.
 */
export function healthRoutes(options: HealthRoutesOptions): Router {
  const { lifecycle, readinessChecks, metrics, logger } = options;
  const router = Router();

  router.get('/healthz', (_req, res) => {
    noStore(res).json({ status: 'ok' });
  });

  router.get('/readyz', async (_req, res) => {
    if (lifecycle.isShuttingDown()) {
      noStore(res).status(503).json({ status: 'shutting_down' });
      return;
    }
    const report = await runReadinessChecks(readinessChecks);
    for (const failure of report.failures) {
      logger.warn('readiness check failed', {
        check: failure.name,
        reason: report.checks[failure.name],
        error: failure.error instanceof Error ? failure.error.message : String(failure.error),
      });
    }
    noStore(res)
      .status(report.ready ? 200 : 503)
      .json({ status: report.ready ? 'ready' : 'not_ready', checks: report.checks });
  });

  router.get('/metrics', async (_req, res) => {
    const body = await metrics.registry.metrics();
    noStore(res).type(metrics.registry.contentType).send(body);
  });

  return router;
}
