import { Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface HttpMetricsOptions {
  service: string;
  /** Supply a registry to share it with other collectors; by default each app owns one. */
  registry?: Registry;
  prefix?: string;
}

export interface HttpMetrics {
  registry: Registry;
  observeRequest(labels: { method: string; route: string; status: string }, seconds: number): void;
}

// Covers fast reads (ms) up to slow upstream calls; the gateway's budget is well under 1 s.
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * A registry per app, not prom-client's global one, so several apps in one test process (or a
 * future sidecar) never collide on metric names.
 */
export function createHttpMetrics(options: HttpMetricsOptions): HttpMetrics {
  const prefix = options.prefix ?? '';
  const registry = options.registry ?? new Registry();
  if (options.registry === undefined) registry.setDefaultLabels({ service: options.service });
  // A shared registry may already carry the default metrics; registering twice would throw.
  if (registry.getSingleMetric(`${prefix}process_cpu_user_seconds_total`) === undefined) {
    collectDefaultMetrics({ register: registry, prefix });
  }
  const name = `${prefix}http_request_duration_seconds`;
  const histogram =
    (registry.getSingleMetric(name) as Histogram<'method' | 'route' | 'status'> | undefined) ??
    new Histogram({
      name,
      help: 'HTTP request duration in seconds, by method, matched route pattern and status.',
      labelNames: ['method', 'route', 'status'] as const,
      buckets: DURATION_BUCKETS,
      registers: [registry],
    });
  return {
    registry,
    observeRequest: (labels, seconds) => histogram.observe(labels, seconds),
  };
}
