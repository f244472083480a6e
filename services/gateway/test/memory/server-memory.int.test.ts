import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  connectAgent,
  discoverUpstream,
  startServerMemory,
  type AgentEra,
  type ServerMemory,
} from '@mcpgw/mcp';
import {
  everythingReceived,
  rpcRequests,
  startGateway,
  type GatewayUnderTest,
  type ListedTool,
} from '../upstream/gateway-harness.js';

interface Graph {
  entities: Array<{ name: string; entityType: string; observations: string[] }>;
  relations: Array<{ from: string; to: string; relationType: string }>;
}

/*
 * The reference @modelcontextprotocol/server-memory (stdio only) behind the fixture bridge,
 * registered the way the registry does it: discovered over HTTP, its live tool definitions
 * pinned in the snapshot. One bridge per upstream era; agents of both eras use it through the
 * gateway with a real SDK client.
 */
describe.each([
  ['stateless', 'stateless-2026-07-28'],
  ['session', 'session-2025-11-25'],
] as const)('server-memory as a %s upstream behind the gateway', (upstreamEra, discoveredEra) => {
  let memory: ServerMemory;
  let gateway: GatewayUnderTest;

  beforeAll(async () => {
    memory = await startServerMemory({ era: upstreamEra });
    const discovered = await discoverUpstream({ url: memory.url, timeoutMs: 20_000 });
    expect(discovered.era).toBe(discoveredEra);
    gateway = await startGateway({
      servers: [{ id: 'memory', url: memory.url, tools: discovered.tools as ListedTool[] }],
    });
  });
  afterAll(async () => {
    await gateway?.close();
    await memory?.close();
  });

  it.each(['stateless', 'legacy'] as AgentEra[])(
    'when a %s agent creates entities and a relation through /mcp, then reading the graph back through the gateway returns them',
    async (agentEra) => {
      const token = await gateway.token();
      const agent = await connectAgent({ url: `${gateway.url}/mcp`, token, era: agentEra });
      const person = `Ada-${agentEra}`;
      const company = `Analytical Engines-${agentEra}`;
      try {
        const tools = (await agent.listTools()).map((tool) => tool.name);
        await agent.callTool('memory__create_entities', {
          entities: [
            { name: person, entityType: 'person', observations: ['wrote the first program'] },
            { name: company, entityType: 'organization', observations: [] },
          ],
        });
        await agent.callTool('memory__create_relations', {
          relations: [{ from: person, to: company, relationType: 'works_at' }],
        });
        await agent.callTool('memory__add_observations', {
          observations: [{ entityName: person, contents: [`met Babbage (${agentEra})`] }],
        });
        const graph = (await agent.callTool('memory__read_graph'))
          .structuredContent as unknown as Graph;
        const found = (
          await agent.callTool('memory__search_nodes', { query: `Babbage (${agentEra})` })
        ).structuredContent as unknown as Graph;

        expect(tools).toEqual(
          expect.arrayContaining([
            'memory__create_entities',
            'memory__read_graph',
            'memory__search_nodes',
          ]),
        );
        expect(graph.entities).toEqual(
          expect.arrayContaining([
            {
              name: person,
              entityType: 'person',
              observations: ['wrote the first program', `met Babbage (${agentEra})`],
            },
            { name: company, entityType: 'organization', observations: [] },
          ]),
        );
        expect(graph.relations).toContainEqual({
          from: person,
          to: company,
          relationType: 'works_at',
        });
        expect(found.entities.map((entity) => entity.name)).toEqual([person]);
        expect(everythingReceived(memory.requests)).not.toContain(token);
      } finally {
        await agent.close();
      }
    },
  );

  it('when an agent sends arguments that break the pinned schema, then the gateway rejects them and the memory server is not called', async () => {
    const agent = await connectAgent({
      url: `${gateway.url}/mcp/memory`,
      token: await gateway.token(),
      era: 'stateless',
    });
    const callsBefore = rpcRequests(memory.requests, 'tools/call').length;
    try {
      const failed = await agent
        .callTool('create_entities', { entities: [{ name: 42 }] })
        .catch((error: unknown) => error);

      expect(failed).toMatchObject({ code: -32602 });
      expect(rpcRequests(memory.requests, 'tools/call')).toHaveLength(callsBefore);
    } finally {
      await agent.close();
    }
  });
});
