import { setTimeout as sleep } from 'node:timers/promises';
import { appError } from '@mcpgw/errors';
import type { Logger } from '@mcpgw/logger';
import type { Provisioning } from '../provisioning/index.js';

export interface LazyProvisioningOptions {
  /** Logs in to Keycloak and builds the real provisioning; called on first use. */
  readonly connect: () => Promise<Provisioning>;
  readonly logger: Pick<Logger, 'warn' | 'info'>;
  /** Connection attempts per request that finds no connection (default 3). */
  readonly attempts?: number;
  /** Wait before the 2nd attempt; doubled for each further one (default 500 ms). */
  readonly firstDelayMs?: number;
}

const RETRY_AFTER_SECONDS = '5';

/**
 * Provisioning that connects to Keycloak on first use, not at startup: auth must start (and stay
 * ready for logins) while Keycloak is briefly down. Each connection try is bounded, so a request
 * waits at most a few seconds and then gets 503 with Retry-After; the next request tries again.
 * Concurrent first requests share one connection attempt.
 */
export function lazyProvisioning(options: LazyProvisioningOptions): Provisioning {
  const attempts = Math.max(1, options.attempts ?? 3);
  const firstDelayMs = options.firstDelayMs ?? 500;
  let connecting: Promise<Provisioning> | undefined;

  async function connectWithRetry(): Promise<Provisioning> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        const provisioning = await options.connect();
        options.logger.info('keycloak admin connected', { attempt });
        return provisioning;
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        options.logger.warn('keycloak admin connection failed', { attempt, attempts, reason });
        if (attempt >= attempts)
          throw appError('NOT_READY', 'Keycloak provisioning is unavailable; retry later.', {
            headers: { 'Retry-After': RETRY_AFTER_SECONDS },
            cause: error,
          });
        await sleep(firstDelayMs * 2 ** (attempt - 1));
      }
    }
  }

  function ready(): Promise<Provisioning> {
    connecting ??= connectWithRetry().catch((error: unknown) => {
      connecting = undefined;
      throw error;
    });
    return connecting;
  }

  return {
    ensureAgent: async (spec) => (await ready()).ensureAgent(spec),
    rotateAgentSecret: async (agentId) => (await ready()).rotateAgentSecret(agentId),
    disableAgent: async (agentId) => (await ready()).disableAgent(agentId),
    syncScopes: async (catalog) => (await ready()).syncScopes(catalog),
  };
}
