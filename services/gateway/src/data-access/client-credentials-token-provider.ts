import { readBoundedBody, withTimeout } from './read-bounded-body.js';

/** Returns a bearer token; `refresh` forces a new one (after the resource server said 401). */
export type TokenProvider = (options?: { refresh?: boolean }) => Promise<string>;

export interface ClientCredentialsOptions {
  readonly tokenUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly scope?: string;
  readonly audience?: string;
  readonly clock: { now(): Date };
  /** Renew this long before `expires_in` runs out. Default 30 s. */
  readonly refreshBeforeExpirySeconds?: number;
  /** Default 5 s. */
  readonly timeoutMs?: number;
  readonly fetch?: typeof fetch;
}

interface Cached {
  token: string;
  renewAtMs: number;
}

/**
 * OAuth 2.0 client credentials (RFC 6749 §4.4) with client_secret_basic. The token is cached
 * until shortly before it expires; concurrent callers share one request. Errors name the OAuth
 * error code, never the secret or the token.
 */
export function createClientCredentialsTokenProvider(
  options: ClientCredentialsOptions,
): TokenProvider {
  let cached: Cached | undefined;
  let pending: Promise<Cached> | undefined;

  return async (call = {}) => {
    const nowMs = options.clock.now().getTime();
    if (call.refresh !== true && cached !== undefined && nowMs < cached.renewAtMs) {
      return cached.token;
    }
    pending ??= requestToken(options).finally(() => {
      pending = undefined;
    });
    cached = await pending;
    return cached.token;
  };
}

async function requestToken(options: ClientCredentialsOptions): Promise<Cached> {
  const form = new URLSearchParams({ grant_type: 'client_credentials' });
  if (options.scope !== undefined) form.set('scope', options.scope);
  if (options.audience !== undefined) form.set('audience', options.audience);
  const basic = Buffer.from(
    `${encodeURIComponent(options.clientId)}:${encodeURIComponent(options.clientSecret)}`,
  ).toString('base64');
  const startedMs = options.clock.now().getTime();
  const body = await withTimeout(options.timeoutMs ?? 5000, async (signal) => {
    const response = await (options.fetch ?? fetch)(options.tokenUrl, {
      method: 'POST',
      headers: {
        authorization: `Basic ${basic}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: form,
      signal,
      redirect: 'error',
    });
    const text = await readBoundedBody(response, 64 * 1024);
    return { status: response.status, json: safeJson(text) };
  });
  const token = body.json.access_token;
  if (body.status !== 200 || typeof token !== 'string' || token === '') {
    const code = typeof body.json.error === 'string' ? body.json.error : 'no access_token';
    throw new Error(`token endpoint answered ${body.status} (${code.slice(0, 100)})`);
  }
  const expiresIn = typeof body.json.expires_in === 'number' ? body.json.expires_in : 60;
  const skew = Math.min(options.refreshBeforeExpirySeconds ?? 30, expiresIn / 2);
  return { token, renewAtMs: startedMs + (expiresIn - skew) * 1000 };
}

function safeJson(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
