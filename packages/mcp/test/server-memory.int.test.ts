import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { connectAgent, discoverUpstream, startServerMemory, type ServerMemory } from '@mcpgw/mcp';

describe('startServerMemory (stdio → Streamable HTTP bridge)', () => {
  const started: ServerMemory[] = [];
  const start = async (era: 'stateless' | 'session') => {
    const memory = await startServerMemory({ era });
    started.push(memory);
    return memory;
  };
  afterEach(async () => {
    await Promise.all(started.splice(0).map((memory) => memory.close()));
  });

  it.each([
    ['stateless', /^stateless-2026-07-28$/],
    ['session', /^session-2025-/],
  ] as const)(
    'when the %s bridge is discovered, then the real knowledge-graph tools are listed in that era',
    async (era, expected) => {
      const memory = await start(era);

      const result = await discoverUpstream({ url: memory.url, timeoutMs: 20_000 });

      expect(result.era).toMatch(expected);
      expect(result.serverInfo.name).toBe('memory-server');
      expect(result.tools.map((tool) => (tool as { name: string }).name)).toEqual(
        expect.arrayContaining(['create_entities', 'read_graph', 'search_nodes', 'open_nodes']),
      );
    },
  );

  it('when a client creates entities, then read_graph returns them and the memory file holds them', async () => {
    const memory = await start('session');
    const agent = await connectAgent({ url: memory.url, token: 'unused', era: 'legacy' });
    try {
      await agent.callTool('create_entities', {
        entities: [
          { name: 'Ada', entityType: 'person', observations: ['wrote the first program'] },
        ],
      });
      const graph = await agent.callTool('read_graph');

      expect(graph.structuredContent).toMatchObject({
        entities: [
          { name: 'Ada', entityType: 'person', observations: ['wrote the first program'] },
        ],
      });
      expect(await readFile(memory.memoryFile, 'utf8')).toContain('"name":"Ada"');
    } finally {
      await agent.close();
    }
  });

  it('when the bridge is closed, then its memory file is removed and the port refuses connections', async () => {
    const memory = await start('stateless');
    const agent = await connectAgent({ url: memory.url, token: 'unused', era: 'stateless' });
    await agent.callTool('create_entities', {
      entities: [{ name: 'Grace', entityType: 'person', observations: [] }],
    });
    await agent.close();

    await memory.close();

    expect(existsSync(memory.memoryFile)).toBe(false);
    await expect(fetch(memory.url, { method: 'POST' })).rejects.toThrow();
  });
});
