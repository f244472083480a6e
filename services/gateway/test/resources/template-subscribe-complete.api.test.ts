import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startFakeUpstreamHarness,
  type FakeUpstreamHarness,
} from '../mcp/fake-upstream-harness.js';
import { modernPost } from '../mcp/support.js';
import { openLegacySession } from '../protocol/legacy-session.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- replies are arbitrary JSON
type Reply = Record<string, any>;

/*
 * resources/subscribe and completion/complete resolve a URI the way resources/read does: a URI
 * expanded from a visible template belongs to that template; one of a hidden template is treated
 * like an unknown URI. The catalogue's `crm` server lists `crm://notes/{id}` (readable) and
 * `crm://vault/{key}` (hidden from `docs.read`).
 */
describe('subscriptions and completions of URIs expanded from templates', () => {
  let h: FakeUpstreamHarness;
  let reader: string;
  beforeAll(async () => {
    h = await startFakeUpstreamHarness();
    reader = await h.token('docs.read');
  }, 30_000);
  afterAll(async () => h?.close());

  it.each([
    ['/mcp', 'mcpgw://crm/crm://notes/77'],
    ['/mcp/crm', 'crm://notes/77'],
  ])(
    'when a legacy agent subscribes to an expansion of a visible template on %s, then the owning server gets the original URI, and the unsubscribe too',
    async (path, uri) => {
      const agent = await openLegacySession(`${h.url}${path}`, reader);
      const before = h.subscriptions.length;

      const subscribed = await agent.request('resources/subscribe', { uri });
      const audited = h.audit.at(-1);
      const unsubscribed = await agent.request('resources/unsubscribe', { uri });

      expect(subscribed['result']).toEqual({});
      expect(unsubscribed['result']).toEqual({});
      expect(h.subscriptions.slice(before)).toEqual([
        { change: 'subscribe', serverId: 'crm', uri: 'crm://notes/77' },
        { change: 'unsubscribe', serverId: 'crm', uri: 'crm://notes/77' },
      ]);
      expect(audited).toMatchObject({
        action: 'mcp.resources/subscribe',
        target: { serverId: 'crm', resource: 'crm://notes/77' },
        decision: 'allow',
        outcome: 'success',
      });
    },
  );

  it('when a legacy agent subscribes to an expansion of a hidden template, then it is acknowledged exactly like an unknown URI and nothing is forwarded', async () => {
    const agent = await openLegacySession(`${h.url}/mcp`, reader);
    const before = h.subscriptions.length;

    const hidden = await agent.request('resources/subscribe', {
      uri: 'mcpgw://crm/crm://vault/other',
    });
    const unknown = await agent.request('resources/subscribe', {
      uri: 'mcpgw://crm/crm://nothing/here',
    });

    expect(hidden['result']).toEqual({});
    expect(hidden['result']).toEqual(unknown['result']);
    expect(h.subscriptions.length).toBe(before);
  });

  it.each([
    ['an oversized URI', `crm://notes/${'x'.repeat(3_000)}`],
    ['a URI with a line break', 'crm://notes/1\r\nx-injected: 1'],
  ])(
    'when a legacy agent subscribes to %s, then -32602 and the audit event names the reason, not the URI',
    async (_label, uri) => {
      const agent = await openLegacySession(`${h.url}/mcp/crm`, reader);
      const before = h.subscriptions.length;

      const reply = await agent.request('resources/subscribe', { uri });
      const audited = h.audit.at(-1);

      expect(reply['error']).toMatchObject({ code: -32602, message: 'Invalid resource URI' });
      expect(h.subscriptions.length).toBe(before);
      expect(audited).toMatchObject({ action: 'mcp.resources/subscribe', outcome: 'failure' });
      expect(JSON.stringify(audited)).not.toContain(uri);
    },
  );

  const complete = async (path: string, uri: string) =>
    (
      await modernPost(`${h.url}${path}`, reader, 'completion/complete', {
        ref: { type: 'ref/resource', uri },
        argument: { name: 'id', value: '7' },
      })
    ).json as Reply;

  it.each([
    ['/mcp', 'mcpgw://crm/crm://notes/77'],
    ['/mcp/crm', 'crm://notes/77'],
  ])(
    'when a completion names an expansion of a visible template on %s, then the upstream completes against its own template',
    async (path, uri) => {
      const before = h.forwarded.length;

      const reply = await complete(path, uri);

      expect(reply['result'].completion.values).toEqual(['alpha', 'beta']);
      const sent = h.forwarded.slice(before);
      expect(sent).toHaveLength(1);
      expect(sent[0]).toMatchObject({
        method: 'completion/complete',
        route: { serverId: 'crm' },
        params: { ref: { type: 'ref/resource', uri: 'crm://notes/{id}' } },
      });
    },
  );

  it('when a completion names an expansion of a hidden template, then "Resource not found" like an unknown URI and nothing is forwarded', async () => {
    const before = h.forwarded.length;

    const hidden = await complete('/mcp', 'mcpgw://crm/crm://vault/other');
    const unknown = await complete('/mcp', 'mcpgw://crm/crm://nothing/here');

    expect(hidden['error']).toEqual({ code: -32602, message: 'Resource not found' });
    expect(hidden['error']).toEqual(unknown['error']);
    expect(h.forwarded.length).toBe(before);
  });
});
