import { createServer as createTcpServer, connect, type AddressInfo, type Socket } from 'node:net';
import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { startFixtureServer, type FixtureServer } from '@mcpgw/mcp';
import { registerCircuitMetrics } from '../../src/data-access/upstream/circuit-metrics.js';
import {
  callTool,
  fixtureTools,
  healthz,
  startGateway,
  toolCalls,
} from '../upstream-failures/harness.js';

/** A loopback port nobody listens on (yet): connecting to it is refused. */
async function freePort(): Promise<number> {
  const probe = createTcpServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** Starts forwarding `port` to the fixture: the upstream "comes back" on the refused port. */
async function relay(port: number, target: FixtureServer): Promise<() => Promise<void>> {
  const to = new URL(target.url);
  const sockets = new Set<Socket>();
  const server = createTcpServer((client) => {
    const upstream = connect(Number(to.port), to.hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => undefined);
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return () =>
    new Promise<void>((resolve) => {
      sockets.forEach((s) => s.destroy());
      server.close(() => resolve());
    });
}

describe('upstream resilience', () => {
  const cleanup: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    for (const close of cleanup.splice(0).reverse()) await close();
  });

  async function twoUpstreams(clock: { now(): Date }) {
    const broken = await startFixtureServer({ era: 'stateless', tools: fixtureTools() });
    const healthy = await startFixtureServer({ era: 'stateless', tools: fixtureTools() });
    cleanup.push(
      () => broken.close(),
      () => healthy.close(),
    );
    const gateway = await startGateway({
      upstreams: { broken: broken.url, healthy: healthy.url },
      failureThreshold: 2,
      coolDownMs: 10_000,
      clock,
    });
    cleanup.push(() => gateway.close());
    return { broken, healthy, gateway };
  }

  it('when an upstream fails N times in a row, then its circuit opens, it gets no further requests, and the other upstream keeps answering', async () => {
    const { broken, gateway } = await twoUpstreams({ now: () => new Date(0) });
    await callTool(gateway, 'broken__erase'); // era detected while healthy
    broken.setBehaviour('garbage');
    for (let i = 0; i < 2; i += 1) {
      expect((await callTool(gateway, 'broken__erase')).json.error.code).toBe(-32012);
      expect((await callTool(gateway, 'healthy__lookup')).json.result).toBeDefined();
    }
    const seen = broken.requests.length;
    const open = await callTool(gateway, 'broken__erase');
    expect(open.json.error).toMatchObject({
      code: -32014,
      message: 'Upstream broken is failing; calls are paused until it recovers',
      data: { serverId: 'broken' },
    });
    expect(broken.requests).toHaveLength(seen);
    expect((await callTool(gateway, 'healthy__lookup')).json.result.structuredContent).toEqual({
      items: ['a-1'],
    });
    expect(gateway.audit.at(-2)).toMatchObject({
      outcome: 'failure',
      target: { serverId: 'broken' },
    });
    expect(await healthz(gateway)).toBe(200);
  });

  it('when the cool-down has passed, then one trial call goes through and its outcome closes or reopens the circuit', async () => {
    let now = 0;
    const { broken, gateway } = await twoUpstreams({ now: () => new Date(now) });
    const metrics = new Registry();
    registerCircuitMetrics(metrics, gateway.resilience);
    await callTool(gateway, 'healthy__lookup');
    await callTool(gateway, 'broken__erase');
    broken.setBehaviour('garbage');
    await callTool(gateway, 'broken__erase');
    await callTool(gateway, 'broken__erase');
    expect(await metrics.metrics()).toContain('gateway_upstream_circuit_state{server="broken"} 2');
    expect(await metrics.metrics()).toContain('gateway_upstream_circuit_state{server="healthy"} 0');

    now += 10_000;
    const trials = broken.requests.length;
    expect((await callTool(gateway, 'broken__erase')).json.error.code).toBe(-32012);
    expect(broken.requests).toHaveLength(trials + 1);
    expect((await callTool(gateway, 'broken__erase')).json.error.code).toBe(-32014);
    expect(broken.requests).toHaveLength(trials + 1);

    now += 10_000;
    broken.setBehaviour('normal');
    expect((await callTool(gateway, 'broken__erase')).json.result).toBeDefined();
    expect((await callTool(gateway, 'broken__erase')).json.result).toBeDefined();
    expect(await metrics.metrics()).toContain('gateway_upstream_circuit_state{server="broken"} 0');
  });

  it('when a read-only tool meets a refused connection, then it is retried once and succeeds', async () => {
    const fixture = await startFixtureServer({ era: 'stateless', tools: fixtureTools() });
    cleanup.push(() => fixture.close());
    const port = await freePort();
    let sleeps = 0;
    const gateway = await startGateway({
      upstreams: { flaky: `http://127.0.0.1:${port}/mcp` },
      retrySleep: async () => {
        sleeps += 1;
        cleanup.push(await relay(port, fixture));
      },
    });
    cleanup.push(() => gateway.close());
    const res = await callTool(gateway, 'flaky__lookup');
    expect(res.json.result.structuredContent).toEqual({ items: ['a-1'] });
    expect(sleeps).toBe(1);
    expect(toolCalls(fixture.requests, 'lookup')).toHaveLength(1);
  });

  it('when a destructive tool meets a refused connection, then it is not retried', async () => {
    const port = await freePort();
    let sleeps = 0;
    const gateway = await startGateway({
      upstreams: { flaky: `http://127.0.0.1:${port}/mcp` },
      retrySleep: async () => void (sleeps += 1),
    });
    cleanup.push(() => gateway.close());
    const res = await callTool(gateway, 'flaky__erase');
    expect(res.json.error).toMatchObject({ code: -32011, message: 'Upstream unavailable' });
    expect(sleeps).toBe(0);
    expect(await healthz(gateway)).toBe(200);
  });
});
