import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFixtureServer, type FixtureServer } from '@mcpgw/mcp';
import {
  callTool,
  fixtureTools,
  healthz,
  startGateway,
  toolCalls,
  type GatewayUnderTest,
} from './harness.js';

const TIMEOUT_MS = 1_500;
const MAX_RESPONSE_BYTES = 64 * 1024;

describe('gateway with misbehaving upstreams', () => {
  let broken: FixtureServer;
  let healthy: FixtureServer;
  let gateway: GatewayUnderTest;

  beforeAll(async () => {
    broken = await startFixtureServer({
      era: 'stateless',
      tools: fixtureTools(),
      delayMs: 50,
      hugeBytes: 8 * 1024 * 1024,
    });
    healthy = await startFixtureServer({ era: 'stateless', tools: fixtureTools() });
    gateway = await startGateway({
      upstreams: { broken: broken.url, healthy: healthy.url },
      timeoutMs: TIMEOUT_MS,
      maxResponseBytes: MAX_RESPONSE_BYTES,
      // High enough that each misbehaviour below is seen on its own before the breaker test.
      failureThreshold: 1_000,
    });
  }, 30_000);
  afterAll(async () => {
    await gateway?.close();
    await Promise.all([broken?.close(), healthy?.close()]);
  });
  beforeEach(async () => {
    broken.setBehaviour('normal');
    // A normal call first, so the upstream's era is detected and cached before it misbehaves.
    expect((await callTool(gateway, 'broken__erase')).json.result).toBeDefined();
  });

  it('when the upstream hangs, then the agent gets the timeout error and the gateway stays healthy', async () => {
    broken.setBehaviour('hang');
    const before = toolCalls(broken.requests, 'erase').length;
    const res = await callTool(gateway, 'broken__erase');
    expect(res.status).toBe(200);
    expect(res.json.error).toMatchObject({ code: -32010, message: 'Upstream timed out' });
    expect(toolCalls(broken.requests, 'erase')).toHaveLength(before + 1);
    expect(gateway.audit.at(-1)).toMatchObject({
      outcome: 'failure',
      target: { serverId: 'broken', tool: 'erase' },
    });
    expect(await healthz(gateway)).toBe(200);
  });

  it('when the upstream is slow but within the budget, then the result comes back', async () => {
    broken.setBehaviour('slow');
    const res = await callTool(gateway, 'broken__lookup');
    expect(res.json.result.structuredContent).toEqual({ items: ['a-1'] });
    expect(await healthz(gateway)).toBe(200);
  });

  it('when the upstream answers garbage, then the agent gets the invalid-response error', async () => {
    broken.setBehaviour('garbage');
    const res = await callTool(gateway, 'broken__erase');
    expect(res.json.error).toMatchObject({
      code: -32012,
      message: 'Upstream returned an invalid response',
    });
    expect(res.text).not.toContain('<html>');
    expect(await healthz(gateway)).toBe(200);
  });

  it('when the upstream streams a huge payload, then the call fails at the cap with the invalid-response error', async () => {
    broken.setBehaviour('huge');
    const res = await callTool(gateway, 'broken__erase');
    expect(res.json.error).toMatchObject({ code: -32012 });
    expect(res.text.length).toBeLessThan(1_024);
    expect(await healthz(gateway)).toBe(200);
  });

  it('when the upstream closes mid-stream, then the agent gets a clear error', async () => {
    broken.setBehaviour('close-mid-stream');
    const res = await callTool(gateway, 'broken__erase');
    expect(res.json.error.code).toBeOneOf([-32011, -32012]);
    expect(res.json.error.message).toMatch(/^Upstream (unavailable|returned an invalid response)$/);
    expect(await healthz(gateway)).toBe(200);
  });

  it('when a read-only tool times out before any response, then it is retried once and a destructive tool never is', async () => {
    broken.setBehaviour('hang');
    const lookupsBefore = toolCalls(broken.requests, 'lookup').length;
    const erasesBefore = toolCalls(broken.requests, 'erase').length;
    const readOnly = await callTool(gateway, 'broken__lookup');
    const destructive = await callTool(gateway, 'broken__erase');
    expect(readOnly.json.error.code).toBe(-32010);
    expect(destructive.json.error.code).toBe(-32010);
    expect(toolCalls(broken.requests, 'lookup')).toHaveLength(lookupsBefore + 2);
    expect(toolCalls(broken.requests, 'erase')).toHaveLength(erasesBefore + 1);
    expect(await healthz(gateway)).toBe(200);
  });

  it('while one upstream misbehaves, then the other keeps answering', async () => {
    broken.setBehaviour('hang');
    const [bad, good] = await Promise.all([
      callTool(gateway, 'broken__erase'),
      callTool(gateway, 'healthy__lookup'),
    ]);
    expect(bad.json.error.code).toBe(-32010);
    expect(good.json.result.structuredContent).toEqual({ items: ['a-1'] });
  });
});
