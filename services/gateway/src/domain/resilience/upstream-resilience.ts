import { UpstreamFailure } from '../routing/upstream-port.js';
import type { UpstreamRoute } from '../serving/serving-types.js';
import { GatewayRpcError, RPC } from '../mcp/gateway-rpc-error.js';
import type { CircuitBreakers, CircuitState } from './circuit-breaker.js';

export interface UpstreamResilienceOptions {
  breakers: CircuitBreakers;
  /** Extra attempts for retryable calls (read-only tools); 0 disables retries. */
  maxRetries: number;
  /** Backoff before retry n is a random value in [0, min(maxDelayMs, baseDelayMs·2ⁿ)). */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Resolves after `ms`, rejects when `signal` aborts. */
  sleep(ms: number, signal: AbortSignal): Promise<unknown>;
  random?: () => number;
}

export interface UpstreamResilience {
  /**
   * Runs `attempt` behind the upstream's circuit breaker; when `retryable`, retries connection
   * failures and timeouts that happened before any response byte (the upstream cannot have
   * acted on a call it never answered only if the tool is read-only, so callers decide).
   */
  run<T>(
    route: UpstreamRoute,
    retryable: boolean,
    signal: AbortSignal,
    attempt: () => Promise<T>,
  ): Promise<T>;
  circuitStates(): Array<{ label: string; state: CircuitState }>;
}

export function createUpstreamResilience(options: UpstreamResilienceOptions): UpstreamResilience {
  const random = options.random ?? Math.random;
  const backoff = (retry: number) =>
    Math.floor(random() * Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** retry));

  const once = async <T>(route: UpstreamRoute, signal: AbortSignal, attempt: () => Promise<T>) => {
    const permit = options.breakers.acquire(route.url, route.serverId);
    if (permit === undefined) throw circuitOpen(route.serverId);
    try {
      const result = await attempt();
      permit.success();
      return result;
    } catch (error) {
      if (!signal.aborted && isUpstreamFault(error)) permit.failure();
      else permit.release();
      throw error;
    }
  };

  return {
    async run(route, retryable, signal, attempt) {
      const retries = retryable ? Math.max(0, options.maxRetries) : 0;
      for (let retry = 0; ; retry += 1) {
        try {
          return await once(route, signal, attempt);
        } catch (error) {
          if (retry >= retries || signal.aborted || !isBeforeAnyResponse(error)) throw error;
        }
        await options.sleep(backoff(retry), signal);
      }
    },
    circuitStates: () => options.breakers.states(),
  };
}

/** Failures that say the upstream is unhealthy (not the agent, not our credentials or policy). */
function isUpstreamFault(error: unknown): boolean {
  return (
    error instanceof UpstreamFailure &&
    (error.reason === 'timeout' ||
      error.reason === 'unavailable' ||
      error.reason === 'bad_response' ||
      error.reason === 'too_large')
  );
}

/** No HTTP status means no response started: a refused/reset connection or a headers timeout. */
function isBeforeAnyResponse(error: unknown): boolean {
  return (
    error instanceof UpstreamFailure &&
    error.status === undefined &&
    (error.reason === 'timeout' || error.reason === 'unavailable')
  );
}

function circuitOpen(serverId: string): GatewayRpcError {
  return new GatewayRpcError(
    RPC.UPSTREAM_CIRCUIT_OPEN,
    `Upstream ${serverId} is failing; calls are paused until it recovers`,
    { serverId },
  );
}
