import { createServer, request, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SeenRequest {
  headers: IncomingHttpHeaders;
  /** The bearer token presented, '' for none. */
  bearer: string;
  answered: number;
}

/**
 * A backend's own token check in front of a fixture MCP server: a request whose bearer token
 * `admits` accepts is proxied through, anything else is answered 401 as a real backend does once
 * a credential was rotated or revoked. Every request is recorded with the status it got.
 */
export async function startBearerFront(targetUrl: string, admits: (bearer: string) => boolean) {
  const target = new URL(targetUrl);
  const seen: SeenRequest[] = [];
  const server = createServer((req, res) => {
    const entry: SeenRequest = {
      headers: { ...req.headers },
      bearer: /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '',
      answered: 0,
    };
    seen.push(entry);
    if (!admits(entry.bearer)) {
      entry.answered = 401;
      req.resume();
      res.writeHead(401, { 'www-authenticate': 'Bearer error="invalid_token"' }).end();
      return;
    }
    const upstream = request(
      {
        host: target.hostname,
        port: target.port,
        path: req.url,
        method: req.method,
        headers: { ...req.headers, host: target.host },
      },
      (answer) => {
        entry.answered = answer.statusCode ?? 0;
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${target.pathname}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Only `Bearer <accepted>` gets through; `accept` switches the accepted credential. */
export async function startAuthCheckingFront(targetUrl: string, accepted: string) {
  const state = { accepted };
  const front = await startBearerFront(targetUrl, (bearer) => bearer === state.accepted);
  return { ...front, accept: (value: string) => void (state.accepted = value) };
}

/**
 * Every token gets through until `revokeSeen()` revokes all tokens seen so far — as a backend
 * does when it revokes a session or rotates its keys — after which they are answered 401.
 */
export async function startRevokingFront(targetUrl: string) {
  const revoked = new Set<string>();
  const front = await startBearerFront(targetUrl, (bearer) => !revoked.has(bearer));
  return { ...front, revokeSeen: () => front.seen.forEach((entry) => revoked.add(entry.bearer)) };
}
