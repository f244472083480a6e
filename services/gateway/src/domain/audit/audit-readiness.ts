import { appError } from '@mcpgw/errors';
import type { AuditEmitter } from './audit-emitter.js';

/**
 * Readiness probe (the shape of @mcpgw/http's ReadinessCheck): fails while the sink has been
 * failing longer than the threshold or the buffer is over 90 % full. A brief database blip is
 * absorbed by the buffer and keeps the gateway in rotation.
 */
export function auditReadinessCheck(emitter: AuditEmitter): {
  name: string;
  check: () => Promise<void>;
} {
  return {
    name: 'audit',
    check: () => {
      const health = emitter.health();
      if (health.ok) return Promise.resolve();
      return Promise.reject(
        appError(
          'NOT_READY',
          `Audit buffer holds ${health.depth} events (oldest ${Math.round(health.oldestAgeMs / 1000)} s); ` +
            `the audit sink is failing or the buffer is nearly full.`,
        ),
      );
    },
  };
}
