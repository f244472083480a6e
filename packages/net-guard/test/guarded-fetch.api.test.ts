import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { isAppError } from '@mcpgw/errors';
import {
  createGuardedDispatcher,
  createStaticLookup,
  guardedFetch,
  type NetGuardPolicy,
} from '@mcpgw/net-guard';
import { request } from 'undici';

interface TestServer {
  port: number;
  received: Array<{ method: string; url: string; headers: IncomingHttpHeaders; body: string }>;
}

const servers: Server[] = [];

/** A loopback server; when `redirectTo` returns a Location, answers `status` with it. */
async function startServer(
  redirectTo?: (url: string) => string | undefined,
  status = 302,
): Promise<TestServer> {
  const received: TestServer['received'] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const { method = '', url = '', headers } = req;
      received.push({ method, url, headers, body: Buffer.concat(chunks).toString() });
      const location = redirectTo?.(url);
      if (location !== undefined) res.writeHead(status, { location }).end();
      else res.writeHead(200, { 'content-type': 'text/plain' }).end('hello from upstream');
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, received };
}

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    if (isAppError(err)) return { code: err.code, reason: err.details?.['reason'] };
    throw err;
  }
  return 'succeeded';
}

const LOOPBACK: NetGuardPolicy = { allowPrivateNetworks: ['127.0.0.1/32'] };
const lookup = createStaticLookup({
  'innocent.test': ['127.0.0.1'],
  'internal.test': ['10.0.0.5'],
});

describe('guardedFetch', () => {
  it('when a harmless-looking name resolves to loopback, then blocks it at connect time', async () => {
    const upstream = await startServer();
    const fetchGuarded = guardedFetch({}, { lookup });

    const result = await failure(fetchGuarded(`http://innocent.test:${upstream.port}/mcp`));

    expect(result).toEqual({ code: 'SSRF_BLOCKED', reason: 'loopback' });
    expect(upstream.received).toHaveLength(0);
  });

  it('when loopback is allow-listed, then the same request reaches the server', async () => {
    const upstream = await startServer();
    const fetchGuarded = guardedFetch(LOOPBACK, { lookup });

    const response = await fetchGuarded(`http://innocent.test:${upstream.port}/mcp`);

    expect(response.status).toBe(200);
    expect(await response.text()).toBe('hello from upstream');
    expect(upstream.received.map((r) => r.url)).toEqual(['/mcp']);
  });

  it('when a redirect points at the metadata address, then blocks it', async () => {
    const upstream = await startServer(() => 'http://169.254.169.254/latest/meta-data/');
    const fetchGuarded = guardedFetch(LOOPBACK, { lookup });

    const result = await failure(fetchGuarded(`http://innocent.test:${upstream.port}/`));

    expect(result).toEqual({ code: 'SSRF_BLOCKED', reason: 'metadata' });
    expect(upstream.received).toHaveLength(1);
  });

  it('when a redirect points at a name resolving to a private address, then blocks it', async () => {
    const upstream = await startServer(() => 'http://internal.test/admin');
    const fetchGuarded = guardedFetch(LOOPBACK, { lookup });

    const result = await failure(fetchGuarded(`http://127.0.0.1:${upstream.port}/`));

    expect(result).toEqual({ code: 'SSRF_BLOCKED', reason: 'private' });
  });

  it('when a relative redirect stays on an allowed origin, then follows it', async () => {
    const upstream = await startServer((url) => (url === '/old' ? '/new?x=1' : undefined));
    const fetchGuarded = guardedFetch(LOOPBACK, { lookup });

    const response = await fetchGuarded(`http://127.0.0.1:${upstream.port}/old`);

    expect(response.status).toBe(200);
    expect(upstream.received.map((r) => r.url)).toEqual(['/old', '/new?x=1']);
  });

  it('when the upstream redirects in a loop, then stops after the limit', async () => {
    const upstream = await startServer(() => '/again');
    const fetchGuarded = guardedFetch(LOOPBACK, { lookup, maxRedirects: 3 });

    const result = await failure(fetchGuarded(`http://127.0.0.1:${upstream.port}/start`));

    expect(result).toEqual({ code: 'UPSTREAM_FAILED', reason: 'too_many_redirects' });
    expect(upstream.received).toHaveLength(4);
  });

  it('when a redirect crosses origins, then credentials are not forwarded', async () => {
    const target = await startServer();
    const origin = await startServer(() => `http://innocent.test:${target.port}/landing`);
    const fetchGuarded = guardedFetch(LOOPBACK, { lookup });

    const response = await fetchGuarded(`http://127.0.0.1:${origin.port}/`, {
      headers: { authorization: 'Bearer backend-secret', 'x-trace': 't1' },
    });

    expect(response.status).toBe(200);
    expect(origin.received[0]?.headers.authorization).toBe('Bearer backend-secret');
    expect(target.received[0]?.headers.authorization).toBeUndefined();
    expect(target.received[0]?.headers['x-trace']).toBe('t1');
  });

  it.each([
    [307, ['POST /old {"a":1}', 'POST /new {"a":1}']],
    [302, ['POST /old {"a":1}', 'GET /new ']],
    [303, ['POST /old {"a":1}', 'GET /new ']],
  ])(
    'when a POST Request is redirected with %i, then follows fetch method rules',
    async (status, seen) => {
      const upstream = await startServer((url) => (url === '/old' ? '/new' : undefined), status);
      const fetchGuarded = guardedFetch(LOOPBACK, { lookup });

      const response = await fetchGuarded(
        new Request(`http://127.0.0.1:${upstream.port}/old`, { method: 'POST', body: '{"a":1}' }),
      );

      expect(response.status).toBe(200);
      expect(upstream.received.map((r) => `${r.method} ${r.url} ${r.body}`)).toEqual(seen);
    },
  );

  it('when redirect is manual, then returns the 3xx response unfollowed', async () => {
    const upstream = await startServer(() => 'http://169.254.169.254/');
    const fetchGuarded = guardedFetch(LOOPBACK, { lookup });

    const response = await fetchGuarded(`http://127.0.0.1:${upstream.port}/`, {
      redirect: 'manual',
    });

    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('http://169.254.169.254/');
  });

  it('when the URL itself is blocked, then rejects before connecting', async () => {
    const upstream = await startServer();
    const fetchGuarded = guardedFetch({}, { lookup });

    const result = await failure(fetchGuarded(`http://127.0.0.1:${upstream.port}/`));

    expect(result).toEqual({ code: 'SSRF_BLOCKED', reason: 'loopback' });
    expect(upstream.received).toHaveLength(0);
  });
});

describe('createGuardedDispatcher', () => {
  it('when used directly with a literal loopback IP, then blocks at connect time', async () => {
    const upstream = await startServer();
    const dispatcher = createGuardedDispatcher({}, { lookup });

    const result = await failure(request(`http://127.0.0.1:${upstream.port}/`, { dispatcher }));
    await dispatcher.close();

    expect(result).toEqual({ code: 'SSRF_BLOCKED', reason: 'loopback' });
    expect(upstream.received).toHaveLength(0);
  });

  it('when the literal IP is allow-listed, then connects', async () => {
    const upstream = await startServer();
    const dispatcher = createGuardedDispatcher(LOOPBACK, { lookup });

    const response = await request(`http://127.0.0.1:${upstream.port}/ok`, { dispatcher });
    const body = await response.body.text();
    await dispatcher.close();

    expect(response.statusCode).toBe(200);
    expect(body).toBe('hello from upstream');
  });
});
