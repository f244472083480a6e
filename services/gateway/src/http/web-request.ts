import type { IncomingMessage } from 'node:http';

// Credentials of the agent stop at the gateway: the SDK layer never sees them either.
const DROPPED = new Set(['authorization', 'cookie', 'proxy-authorization']);

export function toProxyRequest(
  req: IncomingMessage,
  body: Buffer | undefined,
  signal: AbortSignal,
): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || DROPPED.has(name)) continue;
    headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  const hasBody = body !== undefined && body.byteLength > 0 && req.method === 'POST';
  return new Request(`http://${req.headers.host ?? '127.0.0.1'}${req.url ?? '/'}`, {
    method: req.method ?? 'GET',
    headers,
    signal,
    ...(hasBody ? { body: new Uint8Array(body) } : {}),
  });
}
