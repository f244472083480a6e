import { createHash } from 'node:crypto';
import {
  TokenExchangeError,
  type ExchangedToken,
  type TokenExchangePort,
  type TokenExchangeRequest,
} from '../../domain/credentials/token-exchange.js';

export interface HttpTokenExchangeOptions {
  /** The auth service's endpoint, e.g. `http://auth:7002/auth/token-exchange`. */
  url: string;
  /** The gateway's own service bearer token; `refresh` after the auth service answered 401. */
  serviceToken: (options?: { refresh?: boolean }) => Promise<string>;
  /** Stop reusing a token this long before it expires. Default 30 s. */
  refreshSkewMs?: number;
  /** Default 5 s. */
  timeoutMs?: number;
  /** Cached exchanged tokens, least recently used out first. Default 10 000. */
  maxEntries?: number;
  fetch?: typeof fetch;
  now?: () => number;
}

const MAX_RESPONSE_CHARS = 64 * 1024;
const OAUTH_ERROR = /^[a-z_]{1,64}$/;

/**
 * `POST /auth/token-exchange {subjectToken, audience}` with the gateway's service token, answer
 * `{access_token, expires_in}`. Tokens are cached per (subject token, audience) until shortly
 * before they expire or until an upstream refuses them (`invalidate`), keyed by a hash so raw
 * tokens are not kept as map keys; concurrent misses share one request; failures are not
 * cached. Errors carry the OAuth error code at most.
 */
export function createHttpTokenExchange(options: HttpTokenExchangeOptions): TokenExchangePort {
  const now = options.now ?? Date.now;
  const skew = options.refreshSkewMs ?? 30_000;
  const maxEntries = options.maxEntries ?? 10_000;
  const cache = new Map<string, CacheEntry>();
  const remember = (key: string, pending: Promise<ExchangedToken>): CacheEntry => {
    const entry: CacheEntry = { pending };
    cache.set(key, entry);
    if (cache.size > maxEntries) cache.delete(cache.keys().next().value as string);
    // Registered before any caller awaits `pending`, so `token` is set before anyone holds it.
    pending.then(
      (token) => void (entry.token = token),
      () => {
        if (cache.get(key) === entry) cache.delete(key);
      },
    );
    return entry;
  };
  return {
    async exchange(request) {
      const key = cacheKey(request);
      const hit = cache.get(key);
      if (hit !== undefined) {
        const token = await hit.pending;
        if (now() < token.expiresAt - skew) return token;
        if (cache.get(key) === hit) cache.delete(key);
      }
      const entry = cache.get(key) ?? remember(key, exchangeOnce(options, request, now));
      return entry.pending;
    },
    invalidate(request, refused) {
      const key = cacheKey(request);
      const entry = cache.get(key);
      // A pending or different token was fetched after the refused one was handed out: keep it.
      if (entry === undefined || (refused !== undefined && entry.token?.accessToken !== refused)) {
        return;
      }
      cache.delete(key);
    },
  };
}

interface CacheEntry {
  pending: Promise<ExchangedToken>;
  /** Set once `pending` resolved. */
  token?: ExchangedToken;
}

function cacheKey(request: TokenExchangeRequest): string {
  return createHash('sha256')
    .update(request.subjectToken)
    .update('\n')
    .update(request.audience)
    .digest('hex');
}

async function exchangeOnce(
  options: HttpTokenExchangeOptions,
  request: TokenExchangeRequest,
  now: () => number,
): Promise<ExchangedToken> {
  let response = await post(options, request, await options.serviceToken());
  if (response.status === 401) {
    response = await post(options, request, await options.serviceToken({ refresh: true }));
  }
  return parseAnswer(response, request.audience, now);
}

async function post(
  options: HttpTokenExchangeOptions,
  request: TokenExchangeRequest,
  serviceToken: string,
): Promise<{ status: number; text: string }> {
  const doFetch = options.fetch ?? fetch;
  try {
    const res = await doFetch(options.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json',
        authorization: `Bearer ${serviceToken}`,
      },
      body: JSON.stringify({ subjectToken: request.subjectToken, audience: request.audience }),
      signal: AbortSignal.timeout(options.timeoutMs ?? 5_000),
      redirect: 'error',
    });
    const text = (await res.text()).slice(0, MAX_RESPONSE_CHARS);
    return { status: res.status, text };
  } catch (error) {
    const cause =
      error instanceof Error && error.name === 'TimeoutError' ? 'timed out' : 'no answer';
    throw new TokenExchangeError('unavailable', request.audience, `auth service ${cause}`);
  }
}

function parseAnswer(
  response: { status: number; text: string },
  audience: string,
  now: () => number,
): ExchangedToken {
  const body = parseJson(response.text);
  const oauthError = oauthErrorOf(body);
  // The auth service answers 403 both when the gateway may not exchange at all and, with the
  // identity provider's OAuth error in the details, when it refused this subject or audience.
  if (response.status === 401 || (response.status === 403 && oauthError === undefined)) {
    throw new TokenExchangeError('gateway_unauthorized', audience, `HTTP ${response.status}`);
  }
  if (response.status >= 400 && response.status < 500) {
    const detail =
      oauthError === undefined
        ? `HTTP ${response.status}`
        : `HTTP ${response.status} ${oauthError}`;
    throw new TokenExchangeError('rejected', audience, detail);
  }
  if (response.status < 200 || response.status >= 300) {
    throw new TokenExchangeError('unavailable', audience, `HTTP ${response.status}`);
  }
  const accessToken = body?.['access_token'];
  const expiresIn = body?.['expires_in'];
  if (typeof accessToken !== 'string' || accessToken === '' || /[\r\n\0]/.test(accessToken)) {
    throw new TokenExchangeError('bad_response', audience, 'no usable access_token');
  }
  if (typeof expiresIn !== 'number' || !Number.isFinite(expiresIn) || expiresIn <= 0) {
    throw new TokenExchangeError('bad_response', audience, 'no usable expires_in');
  }
  return { accessToken, expiresAt: now() + expiresIn * 1000 };
}

/**
 * The OAuth error code of a refusal: `{error: "invalid_grant"}` (RFC 6749 shape) or the auth
 * service's `{error: {code, details: {error: "invalid_target"}}}`. Only a well-formed code is
 * kept: the rest of the body may echo request data.
 */
function oauthErrorOf(body: Record<string, unknown> | undefined): string | undefined {
  const error = body?.['error'];
  const details = (error as { details?: { error?: unknown } } | null | undefined)?.details;
  const code = typeof error === 'string' ? error : details?.error;
  return typeof code === 'string' && OAUTH_ERROR.test(code) ? code : undefined;
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
