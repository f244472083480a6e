import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './test-server.js';

describe('GET /metrics', () => {
  const servers: TestServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.running.close()));
  });

  const start = async (prefix?: string): Promise<TestServer> => {
    const server = await startTestServer({
      metrics: prefix === undefined ? undefined : { prefix },
      routes: ({ app }) => {
        app.get('/v1/servers/:id', (_req, res) => {
          res.json({});
        });
      },
    });
    servers.push(server);
    return server;
  };

  it('when scraped, then returns Prometheus text with process and request metrics', async () => {
    const { url } = await start();
    await fetch(`${url}/v1/servers/secret-id-123`);
    await fetch(`${url}/definitely/not/here`);

    const res = await fetch(`${url}/metrics`);
    const text = await res.text();

    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(text).toContain('process_cpu_user_seconds_total');
    expect(text).toMatch(
      /http_request_duration_seconds_count\{[^}]*method="GET"[^}]*route="\/v1\/servers\/:id"[^}]*status="200"[^}]*\} 1/,
    );
    expect(text).toMatch(
      /http_request_duration_seconds_count\{[^}]*route="unmatched"[^}]*status="404"/,
    );
    expect(text).not.toContain('secret-id-123');
    expect(text).toContain('service="http-test"');
  });

  it('when two apps run in one process, then each counts only its own requests', async () => {
    const first = await start();
    const second = await start();
    await fetch(`${first.url}/v1/servers/a`);
    await fetch(`${first.url}/v1/servers/b`);

    const text = await (await fetch(`${second.url}/metrics`)).text();

    expect(text).toContain('process_cpu_user_seconds_total');
    expect(text).not.toMatch(/route="\/v1\/servers\/:id"/);
  });

  it('when a prefix is configured, then every metric name carries it', async () => {
    const { url } = await start('mcpgw_');
    await fetch(`${url}/v1/servers/a`);

    const text = await (await fetch(`${url}/metrics`)).text();

    expect(text).toContain('mcpgw_process_cpu_user_seconds_total');
    expect(text).toMatch(
      /mcpgw_http_request_duration_seconds_count\{[^}]*route="\/v1\/servers\/:id"/,
    );
  });
});
