import { Gauge, type Registry } from 'prom-client';
import type { CircuitState } from '../../domain/resilience/circuit-breaker.js';

const STATE_VALUE: Record<CircuitState, number> = { closed: 0, half_open: 1, open: 2 };

/**
 * `gateway_upstream_circuit_state{server}`: 0 closed, 1 half-open, 2 open; read at scrape time
 * (nothing is updated on the hot path). With several versions of a server the worst state wins.
 */
export function registerCircuitMetrics(
  registry: Registry,
  source: { circuitStates(): Array<{ label: string; state: CircuitState }> },
  prefix = 'gateway_',
): void {
  new Gauge({
    name: `${prefix}upstream_circuit_state`,
    help: 'Circuit breaker state per upstream server: 0 closed, 1 half-open, 2 open.',
    labelNames: ['server'],
    registers: [registry],
    collect() {
      this.reset();
      const worst = new Map<string, number>();
      for (const { label, state } of source.circuitStates()) {
        worst.set(label, Math.max(worst.get(label) ?? 0, STATE_VALUE[state]));
      }
      for (const [server, value] of worst) this.set({ server }, value);
    },
  });
}
