import { describe, expect, it } from 'vitest';
import {
  discoverUpstream,
  SAMPLE_PROMPTS,
  SAMPLE_RESOURCE_TEMPLATES,
  SAMPLE_RESOURCES,
  type FixtureServerOptions,
  type FixtureTool,
  type McpEra,
} from '@mcpgw/mcp';
import { rpcMethods, useFixtures } from './fixtures-lifecycle.js';

const FIVE_TOOLS: FixtureTool[] = ['a', 'b', 'c', 'd', 'e'].map((name) => ({
  name: `tool_${name}`,
  description: `Tool ${name}`,
  inputSchema: { type: 'object', properties: {} },
}));

const ERAS: Array<{
  options: Pick<FixtureServerOptions, 'era' | 'protocolVersion'>;
  era: McpEra;
  version: string;
}> = [
  { options: { era: 'stateless' }, era: 'stateless-2026-07-28', version: '2026-07-28' },
  { options: { era: 'session' }, era: 'session-2025-11-25', version: '2025-11-25' },
  {
    options: { era: 'session', protocolVersion: '2025-06-18' },
    era: 'session-2025-06-18',
    version: '2025-06-18',
  },
  {
    options: { era: 'session', protocolVersion: '2025-03-26' },
    era: 'session-2025-03-26',
    version: '2025-03-26',
  },
  { options: { era: 'legacy-sse' }, era: 'legacy-sse-2024-11-05', version: '2024-11-05' },
];

describe('discoverUpstream', () => {
  const start = useFixtures();

  it.each(ERAS)(
    'when the upstream speaks $era and paginates by 2, then returns every tool, resource, template and prompt',
    async ({ options, era, version }) => {
      const fixture = await start({
        ...options,
        tools: FIVE_TOOLS,
        resources: SAMPLE_RESOURCES,
        resourceTemplates: SAMPLE_RESOURCE_TEMPLATES,
        prompts: SAMPLE_PROMPTS,
        pageSize: 2,
        instructions: 'Use the CRM tools for contact questions.',
      });

      const result = await discoverUpstream({ url: fixture.url, timeoutMs: 10_000 });

      expect(result.era).toBe(era);
      expect(result.protocolVersion).toBe(version);
      expect(result.serverInfo.name).toBe(`fixture-${options.era}`);
      expect(result.instructions).toBe('Use the CRM tools for contact questions.');
      expect(result.tools.map((tool) => (tool as { name: string }).name)).toEqual(
        FIVE_TOOLS.map((t) => t.name),
      );
      expect(result.resources).toEqual(
        SAMPLE_RESOURCES.map(({ text: _text, ...definition }) => definition),
      );
      expect(result.resourceTemplates).toEqual(SAMPLE_RESOURCE_TEMPLATES);
      expect(result.prompts.map((prompt) => (prompt as { name: string }).name)).toEqual([
        'draft_followup',
      ]);
      expect(rpcMethods(fixture).filter((method) => method === 'tools/list')).toHaveLength(3);
    },
  );

  it('when the server declares only tools, then resources and prompts are never requested', async () => {
    const fixture = await start({ era: 'stateless' });

    const result = await discoverUpstream({ url: fixture.url });

    expect(result.tools.length).toBeGreaterThan(0);
    expect(result.resources).toEqual([]);
    expect(result.prompts).toEqual([]);
    expect(rpcMethods(fixture)).not.toContain('resources/list');
    expect(rpcMethods(fixture)).not.toContain('prompts/list');
  });

  it('when discovery of a session server finishes, then the session is ended with a DELETE', async () => {
    const fixture = await start({ era: 'session' });

    await discoverUpstream({ url: fixture.url });

    const initialized = fixture.requests.find(
      (request) => request.headers['mcp-session-id'] !== undefined,
    );
    const deletes = fixture.requests.filter((request) => request.method === 'DELETE');
    expect(deletes).toHaveLength(1);
    expect(deletes[0]?.headers['mcp-session-id']).toBe(initialized?.headers['mcp-session-id']);
  });

  it.each(['stateless', 'session', 'legacy-sse'] as const)(
    'when the target has headers, then every request the %s upstream receives carries them',
    async (era) => {
      const fixture = await start({ era });

      await discoverUpstream({
        url: fixture.url,
        headers: {
          authorization: 'Bearer backend-credential',
          traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
        },
      });

      expect(fixture.requests.length).toBeGreaterThan(1);
      for (const request of fixture.requests) {
        expect(request.headers['authorization']).toBe('Bearer backend-credential');
        expect(request.headers['traceparent']).toMatch(/^00-0af7651916cd43dd8448eb211c80319c-/);
      }
    },
  );

  it('when a fetch is injected, then every upstream request goes through it', async () => {
    const fixture = await start({ era: 'session' });
    const seen: string[] = [];
    const spyFetch: typeof fetch = (input, init) => {
      seen.push(init?.method ?? 'GET');
      return fetch(input, init);
    };

    await discoverUpstream({ url: fixture.url, fetch: spyFetch });

    expect(seen.length).toBe(fixture.requests.length);
    expect(seen).toContain('DELETE');
  });

  it('when the server answers in SSE streams, then discovery still returns the tools', async () => {
    const fixture = await start({
      era: 'session',
      respondWithSse: true,
      tools: FIVE_TOOLS,
      pageSize: 2,
    });

    const result = await discoverUpstream({ url: fixture.url });

    expect(result.tools).toHaveLength(5);
  });
});
