/**
 * On-behalf-of servers (snapshot `onBehalfOfAudience`) get a user-bound token instead of a
 * static secret: the agent's verified token is exchanged at the auth service (RFC 8693 style)
 * for one whose audience is that server. The agent's own token still never goes upstream.
 */
export interface TokenExchangeRequest {
  /** The agent's (or user's) verified bearer token. Never logged, never forwarded upstream. */
  subjectToken: string;
  /** The upstream the new token is for, e.g. `https://crm.internal.example`. */
  audience: string;
}

export interface ExchangedToken {
  accessToken: string;
  /** Epoch milliseconds. */
  expiresAt: number;
}

export interface TokenExchangePort {
  exchange(request: TokenExchangeRequest): Promise<ExchangedToken>;
  /**
   * Forgets the cached token for this request because an upstream refused it (401), so the next
   * exchange asks the auth service again. With `refused`, only a cached token with that value is
   * dropped: a newer one a concurrent call already fetched is kept.
   */
  invalidate(request: TokenExchangeRequest, refused?: string): void;
}

export type TokenExchangeFailure =
  /** The auth service refused this subject token or audience (4xx other than its own auth). */
  | 'rejected'
  /** The gateway's own service credentials were refused by the auth service. */
  | 'gateway_unauthorized'
  /** Network error, timeout or 5xx. */
  | 'unavailable'
  /** 2xx without a usable `access_token`/`expires_in`. */
  | 'bad_response';

/** A failed exchange; the message names the audience and the cause, never a token. */
export class TokenExchangeError extends Error {
  constructor(
    readonly reason: TokenExchangeFailure,
    readonly audience: string,
    detail: string,
  ) {
    super(`token exchange for audience ${audience} failed (${reason}): ${detail}`);
    this.name = 'TokenExchangeError';
  }
}

/** The header an on-behalf-of upstream receives; callers merge it over credential headers. */
export async function onBehalfOfHeaders(
  port: Pick<TokenExchangePort, 'exchange'>,
  request: TokenExchangeRequest,
): Promise<Record<string, string>> {
  const { accessToken } = await port.exchange(request);
  return { authorization: `${BEARER}${accessToken}` };
}

/**
 * The header after the upstream answered 401 to `refused` (what onBehalfOfHeaders gave): that
 * token is dropped from the cache and a fresh one exchanged — resending it could only be
 * refused again.
 */
export async function reexchangeAfterRefusal(
  port: TokenExchangePort,
  request: TokenExchangeRequest,
  refused: Readonly<Record<string, string>>,
): Promise<Record<string, string>> {
  const header = refused['authorization'];
  port.invalidate(request, header?.startsWith(BEARER) ? header.slice(BEARER.length) : undefined);
  return onBehalfOfHeaders(port, request);
}

const BEARER = 'Bearer ';
