import { afterEach, describe, expect, it } from 'vitest';
import {
  connectAgent,
  SAMPLE_TOOLS,
  startFixtureServer,
  type AgentEra,
  type FixtureServer,
} from '@mcpgw/mcp';
import {
  everythingReceived,
  rpcRequests,
  startGateway,
  type GatewayUnderTest,
  type ListedTool,
} from '../upstream/gateway-harness.js';

const TOOLS: ListedTool[] = SAMPLE_TOOLS.map(({ handler: _h, ...tool }) => tool);

describe('HTTP+SSE (2024-11-05) upstreams through the gateway', () => {
  const cleanup: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const close of cleanup.splice(0).reverse()) await close();
  });
  const legacyUpstream = async (): Promise<FixtureServer> => {
    const fixture = await startFixtureServer({ era: 'legacy-sse' });
    cleanup.push(() => fixture.close());
    return fixture;
  };
  const gatewayFor = async (
    fixture: FixtureServer,
    extra: { allowPrivateNetworks?: string[] } = {},
  ): Promise<GatewayUnderTest> => {
    const gateway = await startGateway({
      servers: [{ id: 'legacy', url: fixture.url, transport: 'sse', tools: TOOLS }],
      ...extra,
    });
    cleanup.push(() => gateway.close());
    return gateway;
  };

  it.each(['stateless', 'legacy'] as AgentEra[])(
    'when a %s agent calls a tool of an sse route, then the upstream answers over its SSE stream and the agent gets the result',
    async (era) => {
      const fixture = await legacyUpstream();
      const gateway = await gatewayFor(fixture);
      const token = await gateway.token();
      const agent = await connectAgent({ url: `${gateway.url}/mcp/legacy`, token, era });
      cleanup.push(() => agent.close());

      const result = await agent.callTool('search_contacts', { query: 'ada' });

      expect(result.structuredContent).toEqual({
        contacts: [{ id: 'c-1', name: 'Ada Lovelace', email: 'ada@example.com' }],
      });
      const streams = fixture.requests.filter((r) => r.method === 'GET' && r.path === '/sse');
      const calls = rpcRequests(fixture.requests, 'tools/call');
      expect(streams).toHaveLength(1);
      expect(calls).toHaveLength(1);
      expect(calls[0]?.path).toMatch(/^\/messages\?sessionId=/);
      expect(calls[0]?.headers['traceparent']).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$/);
      expect(everythingReceived(fixture.requests)).not.toContain(token);
      expect(gateway.audit.at(-1)).toMatchObject({
        action: 'mcp.tools/call',
        outcome: 'success',
        target: { serverId: 'legacy', tool: 'search_contacts' },
      });
    },
  );

  it('when several calls go to the same sse upstream, then they share one upstream session', async () => {
    const fixture = await legacyUpstream();
    const gateway = await gatewayFor(fixture);
    const agent = await connectAgent({
      url: `${gateway.url}/mcp/legacy`,
      token: await gateway.token(),
      era: 'stateless',
    });
    cleanup.push(() => agent.close());

    await Promise.all([
      agent.callTool('search_contacts', { query: 'ada' }),
      agent.callTool('get_contact', { id: 'c-2' }),
      agent.callTool('search_contacts', { query: 'alan' }),
    ]);

    expect(fixture.requests.filter((r) => r.method === 'GET')).toHaveLength(1);
    expect(rpcRequests(fixture.requests, 'initialize')).toHaveLength(1);
    expect(rpcRequests(fixture.requests, 'tools/call')).toHaveLength(3);
    expect(gateway.upstreamSessions()).toBe(1);
  });

  it('when the sse upstream goes away, then the call fails with UPSTREAM_UNAVAILABLE and the dead session is dropped', async () => {
    const fixture = await legacyUpstream();
    const gateway = await gatewayFor(fixture);
    const agent = await connectAgent({
      url: `${gateway.url}/mcp/legacy`,
      token: await gateway.token(),
      era: 'stateless',
    });
    cleanup.push(() => agent.close());
    await agent.callTool('search_contacts', { query: 'ada' });

    await fixture.close();
    const failed = await agent.callTool('search_contacts', { query: 'ada' }).catch((e) => e);

    expect(failed).toMatchObject({ code: -32011 });
    expect(gateway.upstreamSessions()).toBe(0);
    expect(gateway.audit.at(-1)).toMatchObject({ outcome: 'failure' });
  });

  it('when the sse route points at loopback without an allow-list entry, then the SSRF guard blocks it and nothing reaches the upstream', async () => {
    const fixture = await legacyUpstream();
    const gateway = await gatewayFor(fixture, { allowPrivateNetworks: [] });
    const agent = await connectAgent({
      url: `${gateway.url}/mcp/legacy`,
      token: await gateway.token(),
      era: 'legacy',
    });
    cleanup.push(() => agent.close());

    const failed = await agent.callTool('search_contacts', { query: 'ada' }).catch((e) => e);

    expect(failed).toMatchObject({ code: -32011 });
    expect(fixture.requests).toHaveLength(0);
  });
});
