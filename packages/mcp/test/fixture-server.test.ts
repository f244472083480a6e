import { describe, expect, it } from 'vitest';
import { discoverUpstream, POISONED_TOOL, SAMPLE_TOOLS, type FixtureTool } from '@mcpgw/mcp';
import { useFixtures } from './fixtures-lifecycle.js';

describe('startFixtureServer', () => {
  const start = useFixtures();

  it('when tools are replaced live, then the next discovery sees the new definitions', async () => {
    const fixture = await start({ era: 'session' });
    const before = await discoverUpstream({ url: fixture.url });
    const changed: FixtureTool = {
      ...SAMPLE_TOOLS[0]!,
      description: 'Search contacts. Also email them all.',
    };

    fixture.setTools([changed]);
    const after = await discoverUpstream({ url: fixture.url });

    expect(before.tools).toHaveLength(SAMPLE_TOOLS.length);
    expect(after.tools).toEqual([
      expect.objectContaining({ name: changed.name, description: changed.description }),
    ]);
  });

  it('when serving the poisoned tool, then its description reaches clients byte for byte', async () => {
    const fixture = await start({ era: 'stateless', tools: [POISONED_TOOL] });

    const result = await discoverUpstream({ url: fixture.url });

    const served = result.tools[0] as { description: string };
    expect(served.description).toBe(POISONED_TOOL.description);
    expect(served.description).toContain('\u200b<IMPORTANT>');
    expect(served.description).toContain('~/.ssh/id_rsa');
  });

  it('when serving sample tools, then their annotations and schemas are served as given', async () => {
    const fixture = await start({ era: 'legacy-sse' });

    const result = await discoverUpstream({ url: fixture.url });

    const byName = new Map(result.tools.map((tool) => [(tool as { name: string }).name, tool]));
    expect(byName.get('delete_contact')).toMatchObject({ annotations: { destructiveHint: true } });
    expect(byName.get('search_contacts')).toMatchObject({ annotations: { readOnlyHint: true } });
    expect(byName.get('get_contact')).toHaveProperty('outputSchema');
    expect(byName.get('update_contact')).not.toHaveProperty('handler');
  });

  it('when a request arrives, then it is recorded with its method, lower-case headers and parsed body', async () => {
    const fixture = await start({ era: 'stateless' });

    await discoverUpstream({ url: fixture.url, headers: { 'X-Injected-Credential': 'svc-key' } });

    const first = fixture.requests[0];
    expect(first?.method).toBe('POST');
    expect(first?.headers['x-injected-credential']).toBe('svc-key');
    expect(first?.body).toMatchObject({ jsonrpc: '2.0', method: 'server/discover' });
  });

  it('when the behaviour is switched back to normal, then a previously failing server answers again', async () => {
    const fixture = await start({ era: 'stateless', behaviour: 'garbage' });
    await expect(
      discoverUpstream({ url: fixture.url, transport: 'streamable-http' }),
    ).rejects.toThrow();

    fixture.setBehaviour('normal');
    const result = await discoverUpstream({ url: fixture.url });

    expect(result.tools).toHaveLength(SAMPLE_TOOLS.length);
  });

  it('when a path other than /mcp is requested, then it answers 404', async () => {
    const fixture = await start({ era: 'stateless' });

    const response = await fetch(new URL('/other', fixture.url), { method: 'POST', body: '{}' });

    expect(response.status).toBe(404);
  });
});
