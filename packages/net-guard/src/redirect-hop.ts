import { appError } from '@mcpgw/errors';
import { ssrfBlocked } from './ssrf-error.js';

/** One request of a redirect chain, in a form that can be re-sent. */
export interface Hop {
  readonly url: URL;
  readonly method: string;
  readonly headers: Headers;
  readonly body: RequestInit['body'];
  /** Everything else the caller passed (signal, keepalive…), carried to every hop. */
  readonly rest: RequestInit;
}

export const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);

// Credentials for one origin must never be replayed to another (an upstream redirecting to a
// host it controls would otherwise harvest the gateway's backend credentials).
const CROSS_ORIGIN_DROPPED = ['authorization', 'proxy-authorization', 'cookie'];
const BODY_HEADERS = ['content-type', 'content-length', 'content-encoding', 'content-language'];

/** Builds the next hop the way the Fetch standard does (method rewrite, header stripping). */
export function nextHop(hop: Hop, status: number, location: string): Hop {
  let url: URL;
  try {
    url = new URL(location, hop.url);
  } catch {
    throw ssrfBlocked('invalid_redirect', hop.url.hostname);
  }
  const toGet =
    (status === 303 && hop.method !== 'HEAD') ||
    ((status === 301 || status === 302) && hop.method === 'POST');
  const headers = new Headers(hop.headers);
  let body = hop.body;
  if (toGet) {
    body = undefined;
    for (const name of BODY_HEADERS) headers.delete(name);
  } else if (body !== null && body !== undefined && !isReplayable(body)) {
    throw appError('UPSTREAM_FAILED', 'A streamed request body cannot follow a redirect.', {
      details: { reason: 'redirect_body_not_replayable' },
    });
  }
  if (url.origin !== hop.url.origin) {
    for (const name of CROSS_ORIGIN_DROPPED) headers.delete(name);
  }
  return { ...hop, url, method: toGet ? 'GET' : hop.method, headers, body };
}

function isReplayable(body: NonNullable<RequestInit['body']>): boolean {
  return !(body instanceof ReadableStream) && !(Symbol.asyncIterator in Object(body));
}

/** Turns fetch's (input, init) into the first hop; a Request body is read once so it can replay. */
export async function firstHop(
  input: string | URL | Request,
  init: RequestInit = {},
): Promise<Hop> {
  const { method, headers, body, redirect: _redirect, ...rest } = init;
  if (input instanceof Request) {
    return {
      url: new URL(input.url),
      method: (method ?? input.method).toUpperCase(),
      headers: new Headers(headers ?? input.headers),
      body: body !== undefined ? body : input.body === null ? null : await input.arrayBuffer(),
      rest: { signal: input.signal, ...rest },
    };
  }
  return {
    url: new URL(input),
    method: (method ?? 'GET').toUpperCase(),
    headers: new Headers(headers),
    body,
    rest,
  };
}
