import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FrontRequest {
  bearer: string;
  answered: number;
}

/**
 * A backend's own token check in front of a fixture MCP server: every bearer token gets through
 * until `revokeSeen()` revokes all tokens seen so far — as a backend does when it revokes a
 * session or rotates its keys — after which they are answered 401. Records each request.
 */
export async function startRevokingFront(targetUrl: string) {
  const target = new URL(targetUrl);
  const seen: FrontRequest[] = [];
  const revoked = new Set<string>();
  const server = createServer((req, res) => {
    const entry: FrontRequest = {
      bearer: /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '',
      answered: 0,
    };
    seen.push(entry);
    if (revoked.has(entry.bearer)) {
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
    revokeSeen: () => seen.forEach((entry) => revoked.add(entry.bearer)),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
