import {
  createMcpHandler,
  hostHeaderValidationResponse,
  isLegacyRequest,
  localhostAllowedHostnames,
  localhostAllowedOrigins,
  originValidationResponse,
} from '@modelcontextprotocol/server';
import { buildSampleServer } from './build-sample-server.js';
import type { CrmStore } from './crm-store.js';
import { createLegacySessions, type SessionLimits } from './legacy-sessions.js';

export interface DualEraEndpoint {
  fetch(request: Request): Promise<Response>;
  readonly sessionCount: number;
  close(): Promise<void>;
}

export interface DualEraOptions extends SessionLimits {
  /** Check the Host header against localhost names (DNS rebinding); only when bound to loopback. */
  loopbackOnly: boolean;
  onError?: (error: Error) => void;
}

/**
 * One `/mcp` for both eras. The SDK's own predicate decides, so routing can never disagree with
 * `createMcpHandler`: 2026-07-28 requests go to it (strict, a fresh server per request), 2025
 * traffic to real sessions rather than the SDK's stateless fallback, because session clients
 * are what a newcomer's older tooling speaks.
 */
export function createDualEraEndpoint(store: CrmStore, options: DualEraOptions): DualEraEndpoint {
  const modern = createMcpHandler(() => buildSampleServer(store), {
    legacy: 'reject',
    ...(options.onError === undefined ? {} : { onerror: options.onError }),
  });
  const legacy = createLegacySessions(() => buildSampleServer(store), options);
  const sweep = setInterval(
    () => void legacy.reapIdle().catch(() => undefined),
    Math.max(1_000, Math.min(options.idleTimeoutMs / 2, 30_000)),
  );
  // The sweep must never be what keeps a stopping process alive.
  sweep.unref();

  return {
    fetch: async (request) => {
      const rejected =
        originValidationResponse(request, localhostAllowedOrigins()) ??
        (options.loopbackOnly
          ? hostHeaderValidationResponse(request, localhostAllowedHostnames())
          : undefined);
      if (rejected) return rejected;
      return (await isLegacyRequest(request)) ? legacy.handle(request) : modern.fetch(request);
    },
    get sessionCount() {
      return legacy.size;
    },
    close: async () => {
      clearInterval(sweep);
      await Promise.all([modern.close(), legacy.close()]);
    },
  };
}
