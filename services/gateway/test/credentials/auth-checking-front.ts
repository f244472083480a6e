import { createServer, request, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SeenRequest {
  headers: IncomingHttpHeaders;
  answered: number;
}

/**
 * A test upstream's own authentication: only `Authorization: Bearer <accepted>` gets through
 * to the fixture MCP server behind it; anything else is answered 401, as a real backend does
 * once its credential was rotated. Every request is recorded with the status it got.
 */
export async function startAuthCheckingFront(targetUrl: string, accepted: string) {
  const target = new URL(targetUrl);
  const seen: SeenRequest[] = [];
  const state = { accepted };
  const server = createServer((req, res) => {
    const entry: SeenRequest = { headers: { ...req.headers }, answered: 0 };
    seen.push(entry);
    if (req.headers.authorization !== `Bearer ${state.accepted}`) {
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
    accept: (value: string) => void (state.accepted = value),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
