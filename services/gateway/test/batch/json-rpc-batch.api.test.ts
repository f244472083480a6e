import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startFakeUpstreamHarness,
  type FakeUpstreamHarness,
} from '../mcp/fake-upstream-harness.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- replies are arbitrary JSON
type Reply = any;

const MAX_BATCH = 5;

describe('JSON-RPC batches', () => {
  let h: FakeUpstreamHarness;
  let reader: string;
  beforeAll(async () => {
    h = await startFakeUpstreamHarness({ GATEWAY_MAX_BATCH_SIZE: String(MAX_BATCH) });
    reader = await h.token('docs.read');
  }, 30_000);
  afterAll(async () => h?.close());

  const headers = (token: string, extra: Record<string, string> = {}) => ({
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
    authorization: `Bearer ${token}`,
    ...extra,
  });

  /** Opens a session that negotiated `revision`; resolves to its id. */
  async function openSession(revision: string, token = reader, path = '/mcp'): Promise<string> {
    const init = await fetch(`${h.url}${path}`, {
      method: 'POST',
      headers: headers(token),
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 0,
        method: 'initialize',
        params: {
          protocolVersion: revision,
          capabilities: {},
          clientInfo: { name: 'batch-agent', version: '1' },
        },
      }),
    });
    const reply = (await init.json()) as Reply;
    expect(reply.result.protocolVersion).toBe(revision);
    const id = init.headers.get('mcp-session-id')!;
    const extra = { 'mcp-session-id': id, 'mcp-protocol-version': revision };
    await fetch(`${h.url}${path}`, {
      method: 'POST',
      headers: headers(token, extra),
      body: JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }),
    }).then((r) => r.text());
    return id;
  }

  async function postBatch(
    batch: unknown,
    extra: Record<string, string>,
    token = reader,
    path = '/mcp',
  ) {
    const res = await fetch(`${h.url}${path}`, {
      method: 'POST',
      headers: headers(token, extra),
      body: typeof batch === 'string' ? batch : JSON.stringify(batch),
    });
    const text = await res.text();
    return {
      status: res.status,
      headers: res.headers,
      json: text === '' ? undefined : JSON.parse(text),
    };
  }

  const on0326 = async () => {
    const id = await openSession('2025-03-26');
    return { 'mcp-session-id': id, 'mcp-protocol-version': '2025-03-26' };
  };

  it('when a 2025-03-26 session sends a batch, then each element is authorized, served and audited on its own and the answers come back as one array', async () => {
    const session = await on0326();
    const forwardedBefore = h.forwarded.length;
    const auditBefore = h.audit.length;

    const res = await postBatch(
      [
        { jsonrpc: '2.0', id: 'a', method: 'tools/list' },
        {
          jsonrpc: '2.0',
          id: 'b',
          method: 'tools/call',
          params: { name: 'docs__alpha', arguments: {} },
        },
        { jsonrpc: '2.0', method: 'notifications/roots/list_changed' },
        {
          jsonrpc: '2.0',
          id: 'c',
          method: 'tools/call',
          params: { name: 'docs__secret', arguments: {} },
        },
        {
          jsonrpc: '2.0',
          id: 'd',
          method: 'prompts/get',
          params: { name: 'crm__summarize', arguments: { topic: 't' } },
        },
      ],
      session,
    );

    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(res.headers.get('mcp-session-id')).toBe(session['mcp-session-id']);
    const byId = new Map((res.json as Reply[]).map((reply) => [reply.id, reply]));
    expect([...byId.keys()]).toEqual(['a', 'b', 'c', 'd']);
    expect(byId.get('a').result.tools.map((t: Reply) => t.name)).toContain('docs__alpha');
    expect(byId.get('b').result.content).toEqual([{ type: 'text', text: 'called alpha' }]);
    expect(byId.get('c').error).toEqual({ code: -32602, message: 'Unknown tool: docs__secret' });
    expect(byId.get('d').result.messages).toHaveLength(1);
    expect(h.forwarded.slice(forwardedBefore).map((r) => r.method)).toEqual([
      'tools/call',
      'prompts/get',
    ]);
    const events = h.audit.slice(auditBefore);
    expect(events.map((e) => e['action']).sort()).toEqual(
      [
        'mcp.notifications/roots/list_changed',
        'mcp.prompts/get',
        'mcp.tools/call',
        'mcp.tools/call',
        'mcp.tools/list',
      ].sort(),
    );
    expect(events).toContainEqual(
      expect.objectContaining({
        action: 'mcp.tools/call',
        target: { serverId: 'docs', tool: 'alpha' },
        decision: 'allow',
        outcome: 'success',
        details: expect.objectContaining({ era: 'legacy' }),
      }),
    );
    expect(events).toContainEqual(
      expect.objectContaining({ action: 'mcp.tools/call', decision: 'deny', outcome: 'denied' }),
    );
  });

  it('when a batch element asks for progress, then it is answered inside the JSON array, without progress', async () => {
    const res = await postBatch(
      [
        {
          jsonrpc: '2.0',
          id: 'p',
          method: 'tools/call',
          params: { name: 'crm__beta', arguments: {}, _meta: { progressToken: 'tok' } },
        },
      ],
      await on0326(),
    );

    expect(res.status).toBe(200);
    expect(res.json).toEqual([
      { jsonrpc: '2.0', id: 'p', result: { content: [{ type: 'text', text: 'called beta' }] } },
    ]);
    expect(h.forwarded.at(-1)?.onProgress).toBeUndefined();
  });

  it('when a 2025-03-26 batch holds only notifications, then 202 with no body', async () => {
    const res = await postBatch(
      [{ jsonrpc: '2.0', method: 'notifications/roots/list_changed' }],
      await on0326(),
    );

    expect(res.status).toBe(202);
    expect(res.json).toBeUndefined();
  });

  it('when a visible tool in a batch needs more scope, then that element answers insufficient scope and the batch carries the challenge', async () => {
    const session = await on0326();
    const forwardedBefore = h.forwarded.length;

    const res = await postBatch(
      [
        {
          jsonrpc: '2.0',
          id: 1,
          method: 'tools/call',
          params: { name: 'docs__alpha', arguments: {} },
        },
        {
          jsonrpc: '2.0',
          id: 2,
          method: 'tools/call',
          params: { name: 'docs__write', arguments: {} },
        },
      ],
      session,
    );

    expect(res.status).toBe(200);
    const [served, refused] = res.json as Reply[];
    expect(served.result.content).toEqual([{ type: 'text', text: 'called alpha' }]);
    expect(refused).toEqual({
      jsonrpc: '2.0',
      id: 2,
      error: {
        code: -32600,
        message: 'Insufficient scope',
        data: { requiredScopes: ['docs.read', 'docs.write'], missingScopes: ['docs.write'] },
      },
    });
    expect(res.headers.get('www-authenticate')).toContain('error="insufficient_scope"');
    expect(h.forwarded.length).toBe(forwardedBefore + 1);
  });

  it.each([
    ['a 2025-06-18 session', '2025-06-18', {}],
    ['a 2025-11-25 session', '2025-11-25', {}],
    [
      'a 2025-03-26 session whose header claims 2025-06-18',
      '2025-03-26',
      { 'mcp-protocol-version': '2025-06-18' },
    ],
  ])(
    'when a batch is sent on %s, then 400 -32600 and no element is served',
    async (_label, revision, override) => {
      const id = await openSession(revision);
      const forwardedBefore = h.forwarded.length;

      const res = await postBatch(
        [
          {
            jsonrpc: '2.0',
            id: 1,
            method: 'tools/call',
            params: { name: 'docs__alpha', arguments: {} },
          },
        ],
        { 'mcp-session-id': id, 'mcp-protocol-version': revision, ...override },
      );

      expect(res.status).toBe(400);
      expect(res.json.error).toEqual({
        code: -32600,
        message: 'Invalid Request: JSON-RPC batches are only supported on 2025-03-26 sessions',
      });
      expect(h.forwarded.length).toBe(forwardedBefore);
      expect(h.audit.at(-1)).toMatchObject({ action: 'mcp.invalid', outcome: 'failure' });
    },
  );

  it.each([
    ['without a session on 2026-07-28', { 'mcp-protocol-version': '2026-07-28' }],
    ['without a session or a version', {}],
  ])('when a batch is sent %s, then 400 -32600', async (_label, extra) => {
    const res = await postBatch([{ jsonrpc: '2.0', id: 1, method: 'tools/list' }], extra);

    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe(-32600);
  });

  it("when a batch names another principal's or an unknown session, then 404 like any request, audited", async () => {
    const theirs = await openSession(
      '2025-03-26',
      await h.token('docs.read', { client_id: 'agent-b' }),
    );

    const foreign = await postBatch([{ jsonrpc: '2.0', id: 1, method: 'tools/list' }], {
      'mcp-session-id': theirs,
      'mcp-protocol-version': '2025-03-26',
    });
    const audited = h.audit.at(-1);
    const unknown = await postBatch([{ jsonrpc: '2.0', id: 1, method: 'tools/list' }], {
      'mcp-session-id': 'no-such-session',
      'mcp-protocol-version': '2025-03-26',
    });

    expect(foreign.status).toBe(404);
    expect(foreign.json).toEqual(unknown.json);
    expect(foreign.json.error.code).toBe(-32001);
    expect(audited).toMatchObject({
      action: 'mcp.batch',
      outcome: 'denied',
      reasons: ['session belongs to another principal'],
    });
  });

  it('when a batch holds more than GATEWAY_MAX_BATCH_SIZE messages, then 400 -32600 naming the bound and nothing is served', async () => {
    const session = await on0326();
    const forwardedBefore = h.forwarded.length;
    const call = (id: number) => ({
      jsonrpc: '2.0',
      id,
      method: 'tools/call',
      params: { name: 'docs__alpha', arguments: {} },
    });

    const res = await postBatch(
      Array.from({ length: MAX_BATCH + 1 }, (_, i) => call(i)),
      session,
    );

    expect(res.status).toBe(400);
    expect(res.json.error).toEqual({
      code: -32600,
      message: `Invalid Request: a batch may hold at most ${MAX_BATCH} messages`,
    });
    expect(h.forwarded.length).toBe(forwardedBefore);
  });

  it.each([
    ['an empty batch', '[]', 'Invalid Request: empty batch'],
    [
      'an element with a null id',
      '[{"jsonrpc":"2.0","id":null,"method":"tools/list"}]',
      'batch element 0',
    ],
    [
      'a non-object element',
      '[{"jsonrpc":"2.0","id":1,"method":"tools/list"},7]',
      'batch element 1',
    ],
    ['an element without jsonrpc', '[{"id":1,"method":"tools/list"}]', 'batch element 0'],
  ])(
    'when the batch is %s, then the whole batch is refused with -32600',
    async (_label, body, message) => {
      const res = await postBatch(body, await on0326());

      expect(res.status).toBe(400);
      expect(res.json.error.code).toBe(-32600);
      expect(res.json.error.message).toContain(message);
    },
  );

  it('when a batch includes initialize, then it is refused', async () => {
    const res = await postBatch(
      [
        {
          jsonrpc: '2.0',
          id: 1,
          method: 'initialize',
          params: {
            protocolVersion: '2025-03-26',
            capabilities: {},
            clientInfo: { name: 'x', version: '1' },
          },
        },
      ],
      await on0326(),
    );

    expect(res.status).toBe(400);
    expect(res.json.error.message).toBe('Invalid Request: initialize must not be part of a batch');
  });
});
