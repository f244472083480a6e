import { afterEach, describe, expect, it } from 'vitest';
import { appError } from '@mcpgw/errors';
import type { ReadinessCheck } from '@mcpgw/http';
import { startTestServer, type TestServer } from './test-server.js';

describe('GET /readyz', () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.running.close();
    server = undefined;
  });

  const start = async (readinessChecks: ReadinessCheck[]): Promise<string> => {
    server = await startTestServer({ readinessChecks });
    return server.url;
  };
  const ok: ReadinessCheck = { name: 'store', check: async () => undefined };

  it('when every check passes, then answers 200 ready with each check ok', async () => {
    const url = await start([ok, { name: 'snapshot', check: async () => undefined }]);

    const res = await fetch(`${url}/readyz`);

    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      status: 'ready',
      checks: { store: 'ok', snapshot: 'ok' },
    });
  });

  it('when there are no checks, then answers 200 ready', async () => {
    const url = await start([]);

    const res = await fetch(`${url}/readyz`);

    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ready', checks: {} });
  });

  it('when a check fails with a raw error, then answers 503 and hides its message', async () => {
    const failing: ReadinessCheck = {
      name: 'mongo',
      check: async () => {
        throw new Error('connect ECONNREFUSED mongodb://admin:hunter2@db:27017');
      },
    };
    const url = await start([ok, failing]);

    const res = await fetch(`${url}/readyz`);

    expect(res.status).toBe(503);
    const body = await res.text();
    expect(JSON.parse(body)).toEqual({
      status: 'not_ready',
      checks: { store: 'ok', mongo: 'failed' },
    });
    expect(body).not.toContain('hunter2');
  });

  it('when a check throws an AppError, then its message is the reason', async () => {
    const url = await start([
      {
        name: 'snapshot',
        check: () => {
          throw appError('NOT_READY', 'no snapshot loaded yet');
        },
      },
    ]);

    const res = await fetch(`${url}/readyz`);

    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({
      status: 'not_ready',
      checks: { snapshot: 'no snapshot loaded yet' },
    });
  });

  it('when a check hangs, then answers 503 with timeout once its timeout passes', async () => {
    const hanging: ReadinessCheck = {
      name: 'keycloak',
      timeoutMs: 150,
      check: () => new Promise<void>(() => undefined),
    };
    const url = await start([ok, hanging]);
    const started = Date.now();

    const res = await fetch(`${url}/readyz`);

    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({
      status: 'not_ready',
      checks: { store: 'ok', keycloak: 'timeout' },
    });
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it('when shutdown has begun, then answers 503 shutting_down while healthz stays 200', async () => {
    const url = await start([ok]);
    server?.lifecycle.beginShutdown();

    const ready = await fetch(`${url}/readyz`);
    const live = await fetch(`${url}/healthz`);

    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ status: 'shutting_down' });
    expect(live.status).toBe(200);
    expect(server?.lifecycle.isReady()).toBe(false);
  });
});
