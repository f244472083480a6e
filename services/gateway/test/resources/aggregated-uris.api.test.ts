import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startFakeUpstreamHarness,
  type FakeUpstreamHarness,
} from '../mcp/fake-upstream-harness.js';
import { modernPost } from '../mcp/support.js';
import { openLegacySession } from '../protocol/legacy-session.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- replies are arbitrary JSON
type Reply = Record<string, any>;

describe('resource URIs on the aggregated endpoint', () => {
  let h: FakeUpstreamHarness;
  let reader: string;
  beforeAll(async () => {
    h = await startFakeUpstreamHarness();
    reader = await h.token('docs.read');
  }, 30_000);
  afterAll(async () => h?.close());

  const post = async (path: string, method: string, params: Reply = {}) =>
    (await modernPost(`${h.url}${path}`, reader, method, params)).json as Reply;
  /** 2026-07-28 names the read resource in `Mcp-Name` too. */
  const read = async (path: string, uri: string) =>
    (await modernPost(`${h.url}${path}`, reader, 'resources/read', { uri }, { 'mcp-name': uri }))
      .json as Reply;

  it('when two servers serve the same URI, then /mcp lists both, namespaced per server, and /mcp/<id> keeps the original', async () => {
    const all = await post('/mcp', 'resources/list');
    const one = await post('/mcp/docs', 'resources/list');

    const uris = (all['result'].resources as Reply[]).map((r) => r['uri']);
    expect(uris).toEqual([
      'mcpgw://crm/file:///readme.md',
      'mcpgw://crm/crm://notes/1',
      'mcpgw://crm/crm://notes/2',
      'mcpgw://docs/file:///readme.md',
      'mcpgw://docs/docs://notes/1',
      'mcpgw://docs/docs://notes/2',
    ]);
    expect((one['result'].resources as Reply[]).map((r) => r['uri'])).toEqual([
      'file:///readme.md',
      'docs://notes/1',
      'docs://notes/2',
    ]);
    expect(all['result'].resources[0]).toMatchObject({ name: 'readme' });
  });

  it('when templates are listed on /mcp, then they are namespaced the same way and stay RFC 6570 templates', async () => {
    const all = await post('/mcp', 'resources/templates/list');

    expect((all['result'].resourceTemplates as Reply[]).map((t) => t['uriTemplate'])).toEqual([
      'mcpgw://crm/file:///{path}',
      'mcpgw://crm/crm://notes/{id}',
      'mcpgw://docs/file:///{path}',
      'mcpgw://docs/docs://notes/{id}',
    ]);
  });

  it('when a namespaced URI is read on /mcp, then its own server gets the original URI and the contents come back namespaced', async () => {
    const before = h.forwarded.length;
    const answer = await read('/mcp', 'mcpgw://docs/file:///readme.md');

    const sent = h.forwarded.slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      method: 'resources/read',
      params: { uri: 'file:///readme.md' },
      route: { serverId: 'docs' },
    });
    expect(answer['result'].contents).toEqual([
      { uri: 'mcpgw://docs/file:///readme.md', text: 'contents' },
    ]);
    expect(h.audit.at(-1)).toMatchObject({
      action: 'mcp.resources/read',
      target: { serverId: 'docs', resource: 'file:///readme.md' },
      decision: 'allow',
    });
  });

  it('when /mcp/<id> reads an original URI, then it is forwarded unchanged and the contents keep their URIs', async () => {
    const answer = await read('/mcp/crm', 'crm://notes/2');

    expect(h.forwarded.at(-1)).toMatchObject({
      params: { uri: 'crm://notes/2' },
      route: { serverId: 'crm' },
    });
    expect(answer['result'].contents).toEqual([{ uri: 'crm://notes/2', text: 'contents' }]);
  });

  it.each([
    ['an original URI on /mcp', '/mcp', 'file:///readme.md'],
    ['an unknown server', '/mcp', 'mcpgw://nope/file:///readme.md'],
    ['a hidden resource', '/mcp', 'mcpgw://crm/crm://vault/key'],
    ['a hidden resource on /mcp/<id>', '/mcp/crm', 'crm://vault/key'],
    ['another server on /mcp/<id>', '/mcp/crm', 'mcpgw://docs/file:///readme.md'],
    ['a bare prefix', '/mcp', 'mcpgw://crm/'],
  ])(
    'when %s is read, then "Resource not found" like any unknown URI and nothing is forwarded',
    async (_label, path, uri) => {
      const before = h.forwarded.length;
      const answer = await read(path, uri);

      expect(answer['error']).toEqual({ code: -32602, message: 'Resource not found' });
      expect(h.forwarded.length).toBe(before);
      expect(h.audit.at(-1)).toMatchObject({ outcome: 'denied', decision: 'deny' });
    },
  );

  it('when a legacy agent subscribes to a namespaced URI, then the owning server gets the original URI', async () => {
    const agent = await openLegacySession(`${h.url}/mcp`, reader);

    const subscribed = await agent.request('resources/subscribe', {
      uri: 'mcpgw://crm/crm://notes/1',
    });
    const hidden = await agent.request('resources/subscribe', {
      uri: 'mcpgw://crm/crm://vault/key',
    });

    expect(subscribed['result']).toEqual({});
    expect(hidden['result']).toEqual({});
    expect(h.subscriptions).toEqual([
      { change: 'subscribe', serverId: 'crm', uri: 'crm://notes/1' },
    ]);
  });
});
