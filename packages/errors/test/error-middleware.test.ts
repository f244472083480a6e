import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { appError, errorMiddleware, notFoundHandler } from '@mcpgw/errors';

interface LogEntry {
  level: 'error' | 'warn';
  message: string;
  meta: Record<string, unknown> | undefined;
}

const logs: LogEntry[] = [];
const logger = {
  error: (message: string, meta?: Record<string, unknown>) =>
    logs.push({ level: 'error', message, meta }),
  warn: (message: string, meta?: Record<string, unknown>) =>
    logs.push({ level: 'warn', message, meta }),
};

function buildApp(): express.Express {
  const app = express();
  // Stand-in for the http package's request-id middleware.
  app.use((req, res, next) => {
    const id = req.get('x-request-id');
    if (id) res.locals['requestId'] = id;
    next();
  });
  app.post('/echo', express.json({ limit: '64b' }), (req, res) => {
    res.json(req.body);
  });
  app.get('/conflict', () => {
    throw appError('VERSION_CONFLICT', 'Server "crm" changed.', {
      details: { expected: 3, actual: 4 },
    });
  });
  app.get('/limited', () => {
    throw appError('RATE_LIMITED', undefined, { headers: { 'Retry-After': '30' } });
  });
  app.get('/boom', () => {
    throw new Error('db password rejected for mongodb://admin:pw@10.0.0.5');
  });
  app.get('/upstream', () => {
    throw appError('UPSTREAM_FAILED', 'crm at 10.0.0.7 timed out', {
      details: { host: '10.0.0.7' },
    });
  });
  app.get('/zod', () => {
    z.object({ name: z.string() }).parse({ name: 42 });
  });
  app.get('/x-header-only', (_req, res, next) => {
    res.setHeader('X-Request-Id', 'from-header');
    next(appError('FORBIDDEN'));
  });
  app.get('/streamed', (_req, res, next) => {
    res.status(200).write('partial');
    next(new Error('late failure'));
  });
  app.use(notFoundHandler());
  app.use(errorMiddleware({ logger }));
  return app;
}

let server: Server;
let base: string;

beforeAll(async () => {
  server = buildApp().listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

async function call(path: string, init: RequestInit = {}) {
  logs.length = 0;
  const res = await fetch(`${base}${path}`, init);
  const text = await res.text();
  return {
    status: res.status,
    headers: res.headers,
    text,
    body: JSON.parse(text) as { error: Record<string, unknown> },
  };
}

function postJson(body: string, requestId = 'req-1'): RequestInit {
  return {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-request-id': requestId },
    body,
  };
}

describe('errorMiddleware', () => {
  it('when the body is malformed JSON, then answers 400 MALFORMED_JSON with the request id', async () => {
    const res = await call('/echo', postJson('{"name": ', 'req-malformed'));

    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.body).toEqual({
      error: {
        code: 'MALFORMED_JSON',
        message: 'The request body is not valid JSON.',
        requestId: 'req-malformed',
      },
    });
    expect(logs).toEqual([
      {
        level: 'warn',
        message: 'request rejected',
        meta: expect.objectContaining({ code: 'MALFORMED_JSON', status: 400 }),
      },
    ]);
  });

  it('when the body exceeds the limit, then answers 413 PAYLOAD_TOO_LARGE', async () => {
    const res = await call('/echo', postJson(JSON.stringify({ pad: 'x'.repeat(200) })));

    expect(res.status).toBe(413);
    expect(res.body.error).toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
      requestId: 'req-1',
      details: { limitBytes: 64 },
    });
  });

  it('when the body uses an unsupported charset, then answers 400 VALIDATION_FAILED naming the reason', async () => {
    const res = await call('/echo', {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=klingon' },
      body: '{}',
    });

    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { reason: 'charset.unsupported' },
    });
    expect(res.text).not.toContain('klingon');
  });

  it('when an AppError has details, then the details are in the body', async () => {
    const res = await call('/conflict');

    expect(res.status).toBe(409);
    expect(res.body.error).toEqual({
      code: 'VERSION_CONFLICT',
      message: 'Server "crm" changed.',
      requestId: 'unknown',
      details: { expected: 3, actual: 4 },
    });
  });

  it('when an AppError carries headers, then they are set on the response', async () => {
    const res = await call('/limited');

    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('30');
  });

  it('when an unexpected error is thrown, then answers 500 with the generic message and logs the cause', async () => {
    const res = await call('/boom', { headers: { 'x-request-id': 'req-boom' } });

    expect(res.status).toBe(500);
    expect(res.body).toEqual({
      error: { code: 'INTERNAL', message: 'An internal error occurred.', requestId: 'req-boom' },
    });
    expect(res.text).not.toMatch(/password|mongodb|at .*\.ts/);
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatchObject({
      level: 'error',
      meta: { code: 'INTERNAL', status: 500, requestId: 'req-boom' },
    });
    const logged = logs[0]?.meta?.['error'] as Error;
    expect(logged.message).toContain('db password rejected');
  });

  it('when a 5xx AppError has an internal message and details, then neither is sent', async () => {
    const res = await call('/upstream');

    expect(res.status).toBe(502);
    expect(res.body.error).toEqual({
      code: 'UPSTREAM_FAILED',
      message: 'An upstream service failed.',
      requestId: 'unknown',
    });
  });

  it('when a ZodError escapes a handler, then answers 400 VALIDATION_FAILED with the issues', async () => {
    const res = await call('/zod');

    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { issues: [{ path: 'name', message: expect.stringContaining('expected string') }] },
    });
  });

  it('when only the X-Request-Id header is set, then the body uses it', async () => {
    const res = await call('/x-header-only');

    expect(res.status).toBe(403);
    expect(res.body.error['requestId']).toBe('from-header');
  });

  it('when the response has already started, then leaves it to Express and writes no error body', async () => {
    logs.length = 0;
    const res = await fetch(`${base}/streamed`).then(
      async (r) => ({ status: r.status, text: await r.text().catch(() => '') }),
      () => ({ status: 0, text: '' }),
    );

    expect(res.text).not.toContain('"error"');
    expect(logs).toEqual([]);
  });
});

describe('notFoundHandler', () => {
  it('when no route matches, then answers 404 ROUTE_NOT_FOUND in the error shape', async () => {
    const res = await call('/nope?token=abc', { headers: { 'x-request-id': 'req-404' } });

    expect(res.status).toBe(404);
    expect(res.body).toEqual({
      error: {
        code: 'ROUTE_NOT_FOUND',
        message: 'No such route.',
        requestId: 'req-404',
        details: { method: 'GET', path: '/nope' },
      },
    });
  });
});
