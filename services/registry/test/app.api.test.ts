import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { startHttpServer, type ReadinessCheck, type RunningServer } from '@mcpgw/http';
import { createLogger } from '@mcpgw/logger';
import { appError } from '@mcpgw/errors';
import { createApp } from '../src/app.js';
import { configSchema } from '../src/config.js';
import { createAuditLog } from '../src/domain/audit/audit-log.js';
import { systemClock } from '../src/domain/ports/clock.js';
import { createChangeNotifier } from '../src/domain/registry-context.js';
import { createMemoryDocumentStore } from '../src/data-access/memory/memory-document-store.js';
import { createCatalogViewCache } from '../src/domain/search/catalog-view.js';
import { createSnapshotCache } from '../src/domain/snapshot/snapshot-cache.js';

/** The keys without defaults; everything else keeps its default. */
export const REQUIRED_ENV = {
  REGISTRY_OIDC_ISSUER: 'http://127.0.0.1:7002/auth/realms/dev',
  REGISTRY_TOKEN_AUDIENCES: 'http://127.0.0.1:7003/mcp',
};

const silent = new Writable({ write: (_chunk, _encoding, callback) => callback() });

describe('registry createApp', () => {
  let running: RunningServer | undefined;
  const stops: Array<() => void> = [];
  afterEach(async () => {
    await running?.close();
    running = undefined;
    for (const stop of stops.splice(0)) stop();
  });

  const start = async (
    env: Record<string, string> = {},
    readinessChecks: ReadinessCheck[] = [],
  ): Promise<string> => {
    const config = configSchema.parse({ ...REQUIRED_ENV, ...env });
    const logger = createLogger({ service: 'registry', level: 'error', stream: silent });
    const store = createMemoryDocumentStore();
    const ctx = {
      store,
      clock: systemClock,
      audit: createAuditLog({ store, clock: systemClock }),
      changes: createChangeNotifier(),
      logger,
    };
    const snapshots = createSnapshotCache(ctx, { environments: ['dev'], refreshMs: 60_000 });
    const catalog = createCatalogViewCache(ctx, { refreshMs: 60_000 });
    stops.push(
      () => snapshots.stop(),
      () => catalog.stop(),
    );
    const { app, lifecycle } = createApp({
      config,
      logger,
      ctx,
      // These tests never present a valid token; the API must refuse them.
      verifier: {
        verify: async () => {
          throw appError('TOKEN_INVALID');
        },
      },
      netPolicy: {},
      discovery: {
        discover: async () => {
          throw new Error('not used');
        },
      },
      snapshots,
      catalog,
      readinessChecks,
      version: '9.8.7',
    });
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
    expect(await res.json()).toEqual({ service: 'registry', version: '9.8.7' });
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

  it('when the API is called without a token, then 401 with a Bearer challenge and nothing else', async () => {
    const url = await start();

    const res = await fetch(`${url}/v1/servers`);

    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer /);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('UNAUTHENTICATED');
  });

  it('when the OpenAPI document is requested, then it is public and lists the API routes', async () => {
    const url = await start();

    const res = await fetch(`${url}/v1/openapi.json`);

    expect(res.status).toBe(200);
    const doc = (await res.json()) as {
      openapi: string;
      paths: Record<string, Record<string, Record<string, unknown>>>;
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toContain('/v1/servers/{serverId}/versions/{version}/lifecycle');
    expect(doc.paths['/v1/servers']?.['post']?.['x-access']).toEqual([
      'platform-admin',
      'server-owner',
    ]);
  });
});
