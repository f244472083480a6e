import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { startHttpServer, type ReadinessCheck, type RunningServer } from '@mcpgw/http';
import { createLogger } from '@mcpgw/logger';
import { createApp } from '../src/app.js';
import { configSchema } from '../src/config.js';
import { REQUIRED_ENV } from './support/required-env.js';

const silent = new Writable({ write: (_chunk, _encoding, callback) => callback() });

describe('gateway createApp', () => {
  let running: RunningServer | undefined;
  afterEach(async () => {
    await running?.close();
    running = undefined;
  });

  const start = async (
    env: Record<string, string> = {},
    readinessChecks: ReadinessCheck[] = [],
  ): Promise<string> => {
    const config = configSchema.parse({ ...REQUIRED_ENV, ...env });
    const logger = createLogger({ service: 'gateway', level: 'error', stream: silent });
    const { app, lifecycle } = createApp({ config, logger, readinessChecks, version: '9.8.7' });
    running = await startHttpServer(app, {
      port: 0,
      host: '127.0.0.1',
      logger,
      lifecycle,
      handleSignals: false,
    });
    return running.url;
  };

  it('when /info is requested, then names the service and its version', async () => {
    const url = await start();

    const res = await fetch(`${url}/info`);

    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ service: 'gateway', version: '9.8.7' });
  });

  it('when /healthz is requested, then answers 200 ok', async () => {
    const url = await start();

    const res = await fetch(`${url}/healthz`);

    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('when a readiness check fails, then /readyz answers 503 naming it', async () => {
    const failing: ReadinessCheck = {
      name: 'store',
      check: async () => {
        throw new Error('down');
      },
    };
    const url = await start({}, [failing]);

    const res = await fetch(`${url}/readyz`);

    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ status: 'not_ready', checks: { store: 'failed' } });
  });

  it('when every readiness check passes, then /readyz answers 200', async () => {
    const url = await start({}, [{ name: 'store', check: async () => undefined }]);

    const res = await fetch(`${url}/readyz`);

    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ready', checks: { store: 'ok' } });
  });

  it('when /metrics is scraped, then exposes process metrics and the request histogram', async () => {
    const url = await start();
    await fetch(`${url}/info`);

    const text = await (await fetch(`${url}/metrics`)).text();

    expect(text).toContain('process_cpu_user_seconds_total');
    expect(text).toMatch(/http_request_duration_seconds_count\{[^}]*route="\/info"/);
  });

  it('when the route is unknown, then answers 404 ROUTE_NOT_FOUND', async () => {
    const url = await start();

    const res = await fetch(`${url}/no-such-route`);

    expect(res.status).toBe(404);
    expect(JSON.stringify(await res.json())).toContain('ROUTE_NOT_FOUND');
  });

  it('when the JSON body is malformed, then answers 400 MALFORMED_JSON', async () => {
    const url = await start();

    const res = await fetch(`${url}/info`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"unterminated": ',
    });

    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toContain('MALFORMED_JSON');
  });

  it('when the body exceeds HTTP_BODY_LIMIT, then answers 413 and keeps serving', async () => {
    const url = await start({ HTTP_BODY_LIMIT: '1kb' });

    const res = await fetch(`${url}/info`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ blob: 'x'.repeat(2048) }),
    });

    expect(res.status).toBe(413);
    expect(JSON.stringify(await res.json())).toContain('PAYLOAD_TOO_LARGE');
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
  });
});
