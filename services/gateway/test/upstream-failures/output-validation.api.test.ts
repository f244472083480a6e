import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureServer, type FixtureServer } from '@mcpgw/mcp';
import {
  callTool,
  fixtureTools,
  healthz,
  startGateway,
  toolCalls,
  type GatewayUnderTest,
} from './harness.js';

describe('output schema check', () => {
  let good: FixtureServer;
  let bad: FixtureServer;
  let gateway: GatewayUnderTest;
  beforeAll(async () => {
    good = await startFixtureServer({ era: 'stateless', tools: fixtureTools() });
    bad = await startFixtureServer({
      era: 'stateless',
      tools: fixtureTools({ items: 'LEAKED-CUSTOMER-RECORD', extra: 1 }),
    });
    gateway = await startGateway({ upstreams: { good: good.url, bad: bad.url } });
  }, 30_000);
  afterAll(async () => {
    await gateway?.close();
    await Promise.all([good?.close(), bad?.close()]);
  });

  it('when structuredContent matches the pinned output schema, then the result is relayed', async () => {
    const res = await callTool(gateway, 'good__report');
    expect(res.json.result.structuredContent).toEqual({ items: ['r-1'] });
  });

  it('when structuredContent breaks the pinned output schema, then the agent gets an error with none of the payload, audited as failure', async () => {
    const res = await callTool(gateway, 'bad__report');
    expect(toolCalls(bad.requests, 'report')).toHaveLength(1);
    expect(res.json.error).toMatchObject({
      code: -32015,
      message: 'Upstream result for tool report does not match its output schema',
    });
    expect(res.json.result).toBeUndefined();
    expect(res.text).not.toContain('LEAKED-CUSTOMER-RECORD');
    expect(gateway.audit.at(-1)).toMatchObject({
      outcome: 'failure',
      target: { serverId: 'bad', tool: 'report' },
      details: { errorCode: -32015 },
    });
    expect(JSON.stringify(gateway.audit)).not.toContain('LEAKED-CUSTOMER-RECORD');
    expect(await healthz(gateway)).toBe(200);
  });
});
