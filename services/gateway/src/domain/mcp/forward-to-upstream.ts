import {
  invalidateCredentials,
  resolveCredentialHeaders,
} from '../credentials/resolve-credential-headers.js';
import type { SecretSource } from '../credentials/secret-source.js';
import {
  onBehalfOfHeaders,
  reexchangeAfterRefusal,
  TokenExchangeError,
  type TokenExchangePort,
} from '../credentials/token-exchange.js';
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
  /**
   * Exchanges the agent's token for on-behalf-of servers (`route.onBehalfOfAudience`). Unset:
   * calls to such servers fail closed with CREDENTIALS_UNAVAILABLE.
   */
  tokenExchange?: TokenExchangePort;
}

export interface ForwardOptions {
  /** The tool is read-only: a call that got no response byte may be sent again. */
  retryable?: boolean;
  /** Relay upstream progress notifications for this call (see UpstreamRequest.onProgress). */
  onProgress?: (update: ProgressUpdate) => void;
}

/**
 * Sends one call upstream with the server's injected credentials, plus, for on-behalf-of
 * servers, `Authorization: Bearer <exchanged token>`. A 401 means a rotated secret or a refused
 * exchanged token: the cached secrets and that exchanged token are dropped, and the call is sent
 * once more with fresh ones.
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
  // Before the breaker: an exchange the auth service refuses is not the upstream's fault.
  let userBound = await onBehalfOfHeader(deps, scope, route);
  const send = async (): Promise<UpstreamResponse> => {
    const headers = { ...(await credentialHeaders(deps, route)), ...userBound };
    const request = {
      route,
      method,
      params,
      headers,
      traceparent: scope.traceparent,
      signal,
      ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
    };
    return deps.upstream.forward(request);
  };
  const attempt = () =>
    send().catch(async (error: unknown) => {
      if (!(error instanceof UpstreamFailure) || error.reason !== 'unauthorized') throw error;
      invalidateCredentials(route.credentialRefs, deps.secrets);
      // A refused re-exchange fails closed like the first one (not the upstream's fault either).
      userBound = await onBehalfOfHeader(deps, scope, route, userBound);
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

/**
 * The exchanged token's header for an on-behalf-of server, `{}` for any other; with `refused`
 * (the header the upstream just answered 401 to) that token is dropped and a new one exchanged.
 * Fails closed: without a port, a subject token or a successful exchange the call is not sent
 * at all — in particular the agent's own token is never sent in its place.
 */
async function onBehalfOfHeader(
  deps: ForwardDeps,
  scope: RequestScope,
  route: UpstreamRoute,
  refused?: Record<string, string>,
): Promise<Record<string, string>> {
  const audience = route.onBehalfOfAudience;
  if (audience === undefined) return {};
  let cause: string;
  if (deps.tokenExchange === undefined) cause = 'token exchange not configured';
  else if (scope.subjectToken === undefined) cause = 'no subject token';
  else {
    const request = { subjectToken: scope.subjectToken, audience };
    try {
      return refused === undefined
        ? await onBehalfOfHeaders(deps.tokenExchange, request)
        : await reexchangeAfterRefusal(deps.tokenExchange, request, refused);
    } catch (error) {
      cause = error instanceof TokenExchangeError ? `exchange ${error.reason}` : 'exchange failed';
    }
  }
  scope.record.outcome = 'failure';
  scope.record.reasons = [...(scope.record.reasons ?? []), `on-behalf-of token: ${cause}`];
  throw new GatewayRpcError(RPC.CREDENTIALS_UNAVAILABLE, 'Upstream credentials unavailable');
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
