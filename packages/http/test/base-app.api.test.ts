import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './test-server.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('createBaseApp', () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.running.close();
    server = undefined;
  });

  const start = async (
    options: Parameters<typeof startTestServer>[0] = {},
  ): Promise<TestServer> => {
    server = await startTestServer({
      routes: ({ app }) => {
        app.get('/items/:id', (req, res) => {
          res.json({ id: req.params.id, ip: req.ip });
        });
        app.post('/echo', (req, res) => {
          res.json({ received: req.body as unknown });
        });
      },
      ...options,
    });
    return server;
  };

  it('when /healthz is requested, then answers 200 ok without caching', async () => {
    const { url } = await start();

    const res = await fetch(`${url}/healthz`);

    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('when any route answers, then x-powered-by is absent and helmet headers are set', async () => {
    const { url } = await start();

    const res = await fetch(`${url}/items/1`);

    expect(res.headers.get('x-powered-by')).toBeNull();
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('when the body is valid JSON, then the route receives it parsed', async () => {
    const { url } = await start();

    const res = await fetch(`${url}/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ a: [1, 2] }),
    });

    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ received: { a: [1, 2] } });
  });

  it.each([
    ['truncated object', '{"a":'],
    ['single quotes', "{'a':1}"],
    ['bare string (strict JSON)', '"just a string"'],
  ])(
    'when the body is %s, then answers 400 MALFORMED_JSON with the request id',
    async (_l, body) => {
      const { url } = await start();

      const res = await fetch(`${url}/echo`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });

      expect(res.status).toBe(400);
      const payload = JSON.stringify(await res.json());
      expect(payload).toContain('MALFORMED_JSON');
      const requestId = res.headers.get('x-request-id');
      expect(requestId).toMatch(UUID);
      expect(payload).toContain(requestId);
    },
  );

  it('when the body is over the limit, then answers 413 PAYLOAD_TOO_LARGE', async () => {
    const { url } = await start({ bodyLimit: '1kb' });

    const res = await fetch(`${url}/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ blob: 'x'.repeat(4096) }),
    });

    expect(res.status).toBe(413);
    expect(JSON.stringify(await res.json())).toContain('PAYLOAD_TOO_LARGE');
  });

  it('when the route does not exist, then answers 404 ROUTE_NOT_FOUND as JSON', async () => {
    const { url } = await start();

    const res = await fetch(`${url}/no/such/route`);

    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(JSON.stringify(await res.json())).toContain('ROUTE_NOT_FOUND');
  });

  it('when the inbound X-Request-Id is well formed, then it is echoed back', async () => {
    const { url } = await start();

    const res = await fetch(`${url}/healthz`, { headers: { 'x-request-id': 'abc.DEF:123-_x' } });

    expect(res.headers.get('x-request-id')).toBe('abc.DEF:123-_x');
  });

  it.each([
    ['with a space', 'abc def'],
    ['with a slash', 'a/b'],
    ['over 128 characters', 'a'.repeat(129)],
    ['with an angle bracket', '<script>'],
  ])('when the inbound X-Request-Id is %s, then a fresh id replaces it', async (_l, inbound) => {
    const { url } = await start();

    const res = await fetch(`${url}/healthz`, { headers: { 'x-request-id': inbound } });

    expect(res.headers.get('x-request-id')).toMatch(UUID);
  });

  it('when a request is served, then one access log line names method, route, status, duration', async () => {
    const { url, logs } = await start();

    await fetch(`${url}/items/42`, { headers: { 'x-request-id': 'req-access-1' } });
    await fetch(`${url}/healthz`); // lets the first request's close event fire before asserting

    const line = logs.lines().find((l) => l.requestId === 'req-access-1');
    expect(line).toMatchObject({ method: 'GET', route: '/items/:id', status: '200' });
    expect(typeof line?.durationMs).toBe('number');
    expect(JSON.stringify(logs.lines())).not.toContain('/items/42');
  });

  it('when a handler logs inside a request with a traceparent, then the line carries the ids', async () => {
    const trace = '4bf92f3577b34da6a3ce929d0e0e4736';
    const span = '00f067aa0ba902b7';
    server = await startTestServer({
      routes: ({ app }) => {
        app.get('/logs', (_req, res) => {
          setImmediate(() => {
            server?.logger.info('inside handler');
            res.json({});
          });
        });
      },
    });

    await fetch(`${server.url}/logs`, {
      headers: { 'x-request-id': 'req-trace-1', traceparent: `00-${trace}-${span}-01` },
    });

    const line = server.logs.lines().find((l) => l.message === 'inside handler');
    expect(line).toMatchObject({ requestId: 'req-trace-1', traceId: trace, spanId: span });
  });

  it('when trustProxyHops is 1, then req.ip is the address the proxy reported', async () => {
    const { url } = await start({ trustProxyHops: 1 });

    const res = await fetch(`${url}/items/1`, { headers: { 'x-forwarded-for': '203.0.113.7' } });

    expect(await res.json()).toMatchObject({ ip: '203.0.113.7' });
  });

  it('when trustProxyHops is 0, then X-Forwarded-For is ignored', async () => {
    const { url } = await start();

    const res = await fetch(`${url}/items/1`, { headers: { 'x-forwarded-for': '203.0.113.7' } });

    expect(await res.json()).toMatchObject({ ip: '127.0.0.1' });
  });

  it('when trustProxyHops is not a non-negative integer, then createBaseApp throws', async () => {
    await expect(start({ trustProxyHops: -1 })).rejects.toThrow(RangeError);
  });

  it('when bad requests were answered, then the service still answers healthz', async () => {
    const { url } = await start({ bodyLimit: '1kb' });
    const post = (body: string): Promise<Response> =>
      fetch(`${url}/echo`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
    await post('{');
    await post(JSON.stringify({ blob: 'x'.repeat(4096) }));
    await fetch(`${url}/nope`);

    const res = await fetch(`${url}/healthz`);

    expect(res.status).toBe(200);
  });
});
