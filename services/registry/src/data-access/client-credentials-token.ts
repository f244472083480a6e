import { appError } from '@mcpgw/errors';

export interface ClientCredentialsSettings {
  /** The issuer's token endpoint, e.g. `<keycloak>/realms/mcp/protocol/openid-connect/token`. */
  readonly tokenUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly timeoutMs?: number;
  /** Renew this long before `expires_in` runs out, so a token never expires in flight. */
  readonly refreshSkewMs?: number;
  readonly now?: () => number;
  readonly fetch?: typeof fetch;
}

/** A service token for the registry's own client, cached until shortly before it expires. */
export interface ServiceTokenProvider {
  token(): Promise<string>;
  /** Forget the cached token (e.g. after a 401), so the next call fetches a fresh one. */
  invalidate(): void;
}

interface TokenAnswer {
  readonly access_token?: unknown;
  readonly expires_in?: unknown;
}

/**
 * OAuth client credentials (RFC 6749 §4.4) with client_secret_basic. Concurrent callers share
 * one request. Errors name the endpoint and status only: the secret and the answer's body (which
 * may echo request data) never go into a message.
 */
export function createClientCredentialsToken(
  settings: ClientCredentialsSettings,
): ServiceTokenProvider {
  const now = settings.now ?? Date.now;
  const doFetch = settings.fetch ?? fetch;
  const skew = settings.refreshSkewMs ?? 30_000;
  const basic = Buffer.from(
    `${encodeURIComponent(settings.clientId)}:${encodeURIComponent(settings.clientSecret)}`,
  ).toString('base64');
  let cached: { value: string; renewAt: number } | undefined;
  let pending: Promise<string> | undefined;

  async function fetchToken(): Promise<string> {
    let res: Response;
    try {
      res = await doFetch(settings.tokenUrl, {
        method: 'POST',
        headers: {
          authorization: `Basic ${basic}`,
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
        body: new URLSearchParams({ grant_type: 'client_credentials' }).toString(),
        signal: AbortSignal.timeout(settings.timeoutMs ?? 5_000),
      });
    } catch {
      throw appError('UPSTREAM_FAILED', 'The token endpoint could not be reached.');
    }
    if (!res.ok) {
      await res.body?.cancel();
      throw appError('UPSTREAM_FAILED', `The token endpoint answered ${res.status}.`);
    }
    const answer = (await res.json().catch(() => ({}))) as TokenAnswer;
    if (typeof answer.access_token !== 'string' || answer.access_token === '') {
      throw appError('UPSTREAM_FAILED', 'The token endpoint answered without an access token.');
    }
    const lifetimeMs = typeof answer.expires_in === 'number' ? answer.expires_in * 1000 : 60_000;
    cached = { value: answer.access_token, renewAt: now() + Math.max(0, lifetimeMs - skew) };
    return answer.access_token;
  }

  return {
    token() {
      if (cached !== undefined && now() < cached.renewAt) return Promise.resolve(cached.value);
      pending ??= fetchToken().finally(() => {
        pending = undefined;
      });
      return pending;
    },
    invalidate() {
      cached = undefined;
    },
  };
}
