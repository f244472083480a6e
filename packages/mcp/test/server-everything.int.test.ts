import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  discoverUpstream,
  probeUpstream,
  startServerEverything,
  type ServerEverything,
} from '@mcpgw/mcp';

describe('discoverUpstream against @modelcontextprotocol/server-everything', () => {
  let everything: ServerEverything;

  beforeAll(async () => {
    everything = await startServerEverything();
  });

  afterAll(async () => {
    await everything?.close();
  });

  it('when the reference server is discovered, then its tools, resources and prompts are all listed', async () => {
    const result = await discoverUpstream({ url: everything.url, timeoutMs: 20_000 });

    expect(result.era).toMatch(/^session-2025-/);
    expect(result.serverInfo.name).toBeTruthy();
    expect(result.tools.map((tool) => (tool as { name: string }).name)).toContain('echo');
    expect(result.resources.length).toBeGreaterThan(0);
    expect(result.prompts.length).toBeGreaterThan(0);
  });

  it('when the reference server is probed, then it is ok', async () => {
    const result = await probeUpstream({ url: everything.url });

    expect(result.ok).toBe(true);
  });
});
