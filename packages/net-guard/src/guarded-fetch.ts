import { appError, isAppError } from '@mcpgw/errors';
import {
  fetch as undiciFetch,
  type Dispatcher,
  type RequestInit as UndiciRequestInit,
} from 'undici';
import { assertUrlAllowed } from './assert-url-allowed.js';
import { createGuardedDispatcher, type GuardedDispatcherOptions } from './guarded-dispatcher.js';
import type { NetGuardPolicy } from './policy.js';
import { REDIRECT_STATUSES, firstHop, nextHop, type Hop } from './redirect-hop.js';

export interface GuardedFetchOptions extends GuardedDispatcherOptions {
  /** Redirects followed before failing with UPSTREAM_FAILED (too_many_redirects); default 3. */
  maxRedirects?: number;
  /**
   * A dispatcher from createGuardedDispatcher whose lifecycle the caller owns (close it on
   * shutdown). Without one, the fetch creates its own and the other options configure it.
   */
  dispatcher?: Dispatcher;
}

/**
 * A fetch whose every hop is checked: the URL statically (assertUrlAllowed), the resolved
 * address at connect time (guarded dispatcher). Redirects are followed here, never by undici,
 * so each Location is re-checked before anything is sent to it. `redirect: 'manual'` returns the
 * 3xx response, `'error'` fails on it. Blocked destinations reject with SSRF_BLOCKED.
 */
export function guardedFetch(
  policy: NetGuardPolicy,
  options: GuardedFetchOptions = {},
): typeof fetch {
  const dispatcher = options.dispatcher ?? createGuardedDispatcher(policy, options);
  const maxRedirects = options.maxRedirects ?? 3;
  const guarded = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const mode = init?.redirect ?? (input instanceof Request ? input.redirect : 'follow');
    let hop = await firstHop(input, init);
    for (let redirects = 0; ; redirects += 1) {
      assertUrlAllowed(hop.url.href, policy);
      const response = await send(hop, dispatcher);
      const location = response.headers.get('location');
      if (mode === 'manual' || location === null || !REDIRECT_STATUSES.has(response.status)) {
        return response;
      }
      await response.body?.cancel();
      if (mode === 'error') {
        throw appError('UPSTREAM_FAILED', 'The upstream answered with a redirect.', {
          details: { reason: 'redirect_not_allowed' },
        });
      }
      if (redirects >= maxRedirects) {
        throw appError('UPSTREAM_FAILED', 'The upstream redirected too many times.', {
          details: { reason: 'too_many_redirects', maxRedirects },
        });
      }
      hop = nextHop(hop, response.status, location);
    }
  };
  return guarded as typeof fetch;
}

async function send(hop: Hop, dispatcher: Dispatcher): Promise<Response> {
  const init = {
    ...hop.rest,
    method: hop.method,
    headers: [...hop.headers],
    body: hop.body,
    redirect: 'manual',
    dispatcher,
  } as UndiciRequestInit;
  try {
    // undici's own fetch: Node's bundled fetch may be an older undici than this Agent speaks.
    return (await undiciFetch(hop.url, init)) as unknown as Response;
  } catch (err) {
    throw guardError(err) ?? err;
  }
}

/** fetch wraps connect failures in TypeError('fetch failed'); surface our own error instead. */
function guardError(err: unknown): Error | undefined {
  let current: unknown = err;
  for (let depth = 0; depth < 5 && current instanceof Error; depth += 1) {
    if (isAppError(current)) return current;
    current = current.cause;
  }
  return undefined;
}
