import {
  invalidateCredentials,
  resolveCredentialHeaders,
} from '../credentials/resolve-credential-headers.js';
import type { SecretSource } from '../credentials/secret-source.js';
import {
  UpstreamFailure,
  type ForwardedMethod,
  type ProgressUpdate,
  type UpstreamPort,
  type UpstreamResponse,
} from '../routing/upstream-port.js';
import type { UpstreamResilience } from '../resilience/upstream-resilience.js';
import type { UpstreamRoute } from '../serving/serving-types.js';
import { GatewayRpcError, RPC } from './gateway-rpc-error.js';
import type { RequestScope } from './request-scope.js';

export interface ForwardDeps {
  upstream: UpstreamPort;
  secrets: SecretSource;
  /** Circuit breaker per upstream and retries; unset sends each call once, unguarded. */
  resilience?: UpstreamResilience;
}

export interface ForwardOptions {
  /** The tool is read-only: a call that got no response byte may be sent again. */
  retryable?: boolean;
  /** Relay upstream progress notifications for this call (see UpstreamRequest.onProgress). */
  onProgress?: (update: ProgressUpdate) => void;
}

/**
 * Sends one call upstream with the server's injected credentials. A 401 means a rotated secret:
 * the cached values are dropped and the call is sent once more with fresh ones.
 */
export async function forwardToUpstream(
  deps: ForwardDeps,
  scope: RequestScope,
  route: UpstreamRoute,
  method: ForwardedMethod,
  params: Record<string, unknown>,
  signal: AbortSignal,
  options: ForwardOptions = {},
): Promise<Record<string, unknown>> {
  const send = async (): Promise<UpstreamResponse> => {
    const headers = await credentialHeaders(deps, route);
    const request = { route, method, params, headers, traceparent: scope.traceparent, signal };
    return deps.upstream.forward(request);
  };
  const attempt = () =>
    send().catch(async (error: unknown) => {
      if (!(error instanceof UpstreamFailure) || error.reason !== 'unauthorized') throw error;
      invalidateCredentials(route.credentialRefs, deps.secrets);
      return send();
    });
  let response: UpstreamResponse;
  try {
    response =
      deps.resilience === undefined
        ? await attempt()
        : await deps.resilience.run(route, options.retryable === true, signal, attempt);
  } catch (error) {
    throw toRpcError(scope, error);
  }
  scope.record.upstreamStatus = response.status;
  if (response.kind === 'error') throw new GatewayRpcError(response.code, response.message);
  return response.result;
}

async function credentialHeaders(deps: ForwardDeps, route: UpstreamRoute) {
  try {
    return await resolveCredentialHeaders(route.credentialRefs, deps.secrets);
  } catch {
    throw new GatewayRpcError(RPC.CREDENTIALS_UNAVAILABLE, 'Upstream credentials unavailable');
  }
}

function toRpcError(scope: RequestScope, error: unknown): GatewayRpcError {
  if (error instanceof GatewayRpcError) return error;
  if (!(error instanceof UpstreamFailure)) {
    return new GatewayRpcError(RPC.UPSTREAM_UNAVAILABLE, 'Upstream unavailable');
  }
  if (error.status !== undefined) scope.record.upstreamStatus = error.status;
  switch (error.reason) {
    case 'timeout':
      return new GatewayRpcError(RPC.UPSTREAM_TIMEOUT, 'Upstream timed out');
    case 'too_large':
    case 'bad_response':
      return new GatewayRpcError(
        RPC.UPSTREAM_BAD_RESPONSE,
        'Upstream returned an invalid response',
      );
    default:
      return new GatewayRpcError(RPC.UPSTREAM_UNAVAILABLE, 'Upstream unavailable');
  }
}
