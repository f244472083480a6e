import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  catalogueSnapshot,
  startFakeUpstreamHarness,
  type FakeUpstreamHarness,
} from '../mcp/fake-upstream-harness.js';
import { modernPost } from '../mcp/support.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- replies are arbitrary JSON
type Reply = Record<string, any>;

/** French translations are not allowed: decided per request, so the prompt stays visible. */
const NO_FRENCH = {
  id: 'no-french',
  effect: 'deny',
  subjects: { agents: ['*'] },
  actions: ['prompts/get'],
  targets: ['docs/translate'],
  conditions: { arguments: [{ path: 'lang', op: 'eq', value: 'fr' }] },
};

describe('completion/complete', () => {
  let h: FakeUpstreamHarness;
  let reader: string;
  const clients: Client[] = [];
  beforeAll(async () => {
    h = await startFakeUpstreamHarness({}, catalogueSnapshot(undefined, [NO_FRENCH]));
    reader = await h.token('docs.read');
  }, 30_000);
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await h?.close();
  });

  const connect = async (path: string, mode: 'legacy' | 'auto') => {
    const transport = new StreamableHTTPClientTransport(new URL(`${h.url}${path}`), {
      requestInit: { headers: { authorization: `Bearer ${reader}` } },
    });
    const client = new Client({ name: 'agent', version: '1' }, { versionNegotiation: { mode } });
    await client.connect(transport);
    clients.push(client);
    return client;
  };
  const complete = async (path: string, params: Reply) =>
    (await modernPost(`${h.url}${path}`, reader, 'completion/complete', params)).json as Reply;

  it.each(['auto', 'legacy'] as const)(
    'when an SDK client (%s) completes a prompt argument on /mcp, then the upstream gets the original prompt name and the agent its values',
    async (mode) => {
      const client = await connect('/mcp', mode);
      expect(client.getServerCapabilities()?.completions).toEqual({});
      const before = h.forwarded.length;

      const result = await client.complete({
        ref: { type: 'ref/prompt', name: 'docs__summarize' },
        argument: { name: 'topic', value: 'al' },
      });

      expect(result.completion.values).toEqual(['alpha', 'beta']);
      const sent = h.forwarded.slice(before);
      expect(sent).toHaveLength(1);
      expect(sent[0]).toMatchObject({
        method: 'completion/complete',
        route: { serverId: 'docs' },
        params: {
          ref: { type: 'ref/prompt', name: 'summarize' },
          argument: { name: 'topic', value: 'al' },
        },
      });
      expect(h.audit.at(-1)).toMatchObject({
        action: 'mcp.completion/complete',
        target: { serverId: 'docs' },
        decision: 'allow',
        outcome: 'success',
      });
    },
  );

  it('when a resource template variable is completed, then the upstream gets its own URI template on /mcp and /mcp/<id>', async () => {
    const aggregated = await complete('/mcp', {
      ref: { type: 'ref/resource', uri: 'mcpgw://crm/crm://notes/{id}' },
      argument: { name: 'id', value: '1' },
    });
    const aggregatedSent = h.forwarded.at(-1);
    const single = await complete('/mcp/crm', {
      ref: { type: 'ref/resource', uri: 'crm://notes/{id}' },
      argument: { name: 'id', value: '1' },
      context: { arguments: { other: 'x' } },
    });

    expect(aggregated['result'].completion.values).toEqual(['alpha', 'beta']);
    expect(single['result'].completion.values).toEqual(['alpha', 'beta']);
    expect(aggregatedSent).toMatchObject({
      route: { serverId: 'crm' },
      params: { ref: { type: 'ref/resource', uri: 'crm://notes/{id}' } },
    });
    expect(h.forwarded.at(-1)).toMatchObject({
      params: {
        ref: { type: 'ref/resource', uri: 'crm://notes/{id}' },
        context: { arguments: { other: 'x' } },
      },
    });
    expect(h.audit.at(-1)).toMatchObject({
      target: { serverId: 'crm', resource: 'crm://notes/{id}' },
    });
  });

  it('when the prompt is hidden or unknown, then the answer is exactly that of an unknown prompt and nothing is forwarded', async () => {
    const before = h.forwarded.length;
    const argument = { name: 'what', value: '' };
    const hidden = await complete('/mcp', {
      ref: { type: 'ref/prompt', name: 'docs__leak' },
      argument,
    });
    const unknown = await complete('/mcp', {
      ref: { type: 'ref/prompt', name: 'docs__nope' },
      argument,
    });
    const get = (await modernPost(`${h.url}/mcp`, reader, 'prompts/get', { name: 'docs__nope' }))
      .json as Reply;

    expect(hidden['error']).toEqual({ code: -32602, message: 'Unknown prompt: docs__leak' });
    expect(unknown['error']).toEqual({ code: -32602, message: 'Unknown prompt: docs__nope' });
    expect(get['error']).toEqual(unknown['error']);
    expect(h.forwarded.length).toBe(before);
    expect(h.audit.at(-2)).toMatchObject({ outcome: 'denied', decision: 'deny' });
  });

  it('when the resource template is hidden or unknown, then "Resource not found" and nothing is forwarded', async () => {
    const before = h.forwarded.length;
    const argument = { name: 'key', value: '' };
    for (const uri of [
      'mcpgw://crm/crm://vault/{key}',
      'mcpgw://crm/crm://nope/{key}',
      'crm://notes/{id}',
    ]) {
      const reply = await complete('/mcp', { ref: { type: 'ref/resource', uri }, argument });
      expect(reply['error']).toEqual({ code: -32602, message: 'Resource not found' });
    }
    expect(h.forwarded.length).toBe(before);
  });

  it('when the policy denies the prompt for the arguments already chosen, then the completion is refused and audited', async () => {
    const before = h.forwarded.length;
    const ref = { type: 'ref/prompt', name: 'docs__translate' };

    const denied = await complete('/mcp', {
      ref,
      argument: { name: 'text', value: 'bon' },
      context: { arguments: { lang: 'fr' } },
    });
    const allowed = await complete('/mcp', {
      ref,
      argument: { name: 'lang', value: 'f' },
    });

    expect(denied['error']).toMatchObject({ code: -32003, message: 'Denied by policy' });
    expect(allowed['result'].completion.values).toEqual(['alpha', 'beta']);
    expect(h.forwarded.length).toBe(before + 1);
    expect(h.audit.at(-2)).toMatchObject({
      action: 'mcp.completion/complete',
      decision: 'deny',
      outcome: 'denied',
    });
  });
});
