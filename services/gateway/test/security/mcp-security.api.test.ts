import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modernPost, startHarness, type Harness } from '../mcp/support.js';

const METADATA = 'http://127.0.0.1:7003/.well-known/oauth-protected-resource/mcp';

describe('MCP endpoint security', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      GATEWAY_ALLOWED_ORIGINS: 'https://console.example',
      GATEWAY_MAX_BODY_BYTES: '2048',
    });
  }, 30_000);
  afterAll(async () => h?.close());

  const badTokens: Array<[string, () => Promise<string | undefined>]> = [
    ['no token', async () => undefined],
    ['malformed', async () => 'not-a-jwt'],
    ['expired', () => h.issuer.mint({}, { expiresInSec: -600, scope: 'crm.read' })],
    ['wrong audience', () => h.issuer.mint({}, { audience: 'http://other', scope: 'crm.read' })],
    ['alg none', async () => h.issuer.mintUnsigned({ scope: 'crm.read' })],
    ['HS256 with public key', () => h.issuer.mintHs256WithPublicKey({ scope: 'crm.read' })],
    ['unknown key', () => h.issuer.mint({}, { signWith: 'unknown', scope: 'crm.read' })],
    ['revoked agent', () => h.issuer.mint({ client_id: 'revoked-agent' }, { scope: 'crm.read' })],
  ];
  for (const [label, mint] of badTokens) {
    it(`when the token is ${label}, then 401 with resource_metadata and nothing reaches upstream`, async () => {
      const before = h.crm.requests.length;
      const token = await mint();
      const res = await modernPost(`${h.url}/mcp`, token, 'tools/call', {
        name: 'crm__get_contact',
        arguments: { id: 'c-1' },
      });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toContain(`resource_metadata="${METADATA}"`);
      if (token !== undefined)
        expect(res.headers.get('www-authenticate')).toContain('error="invalid_token"');
      expect(h.crm.requests.length).toBe(before);
    });
  }

  it('when the token is in the query string, then 401 even with a valid header', async () => {
    const token = await h.token('crm.read');
    const res = await modernPost(`${h.url}/mcp?access_token=${token}`, token, 'tools/list');
    expect(res.status).toBe(401);
  });

  it('when the token is only in a cookie, then 401', async () => {
    const token = await h.token('crm.read');
    const res = await modernPost(
      `${h.url}/mcp`,
      undefined,
      'tools/list',
      {},
      { cookie: `access_token=${token}` },
    );
    expect(res.status).toBe(401);
  });

  it('when the Origin is not allowed, then 403 before authentication', async () => {
    const res = await modernPost(
      `${h.url}/mcp`,
      undefined,
      'tools/list',
      {},
      { origin: 'https://evil.example' },
    );
    expect(res.status).toBe(403);
    const ok = await modernPost(
      `${h.url}/mcp`,
      await h.token('crm.read'),
      'tools/list',
      {},
      { origin: 'https://console.example' },
    );
    expect(ok.status).toBe(200);
  });

  it('when the body is over the cap, then 413', async () => {
    const res = await modernPost(`${h.url}/mcp`, await h.token('crm.read'), 'tools/call', {
      name: 'crm__search_contacts',
      arguments: { query: 'x'.repeat(5000) },
    });
    expect(res.status).toBe(413);
  });

  const raw = async (body: string) => {
    const res = await fetch(`${h.url}/mcp`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        authorization: `Bearer ${await h.token('crm.read')}`,
      },
      body,
    });
    return { status: res.status, json: (await res.json()) as { error: { code: number } } };
  };
  it.each([
    ['malformed JSON', '{"jsonrpc":"2.0",', -32700],
    ['a batch', '[{"jsonrpc":"2.0","id":1,"method":"tools/list"}]', -32600],
    ['a null id', '{"jsonrpc":"2.0","id":null,"method":"tools/list"}', -32600],
    ['a non-object body', '"hello"', -32600],
    [
      'deep nesting',
      `{"jsonrpc":"2.0","id":1,"method":"x","params":{"a":${'['.repeat(200)}${']'.repeat(200)}}}`,
      -32600,
    ],
  ])('when the body is %s, then 400 with JSON-RPC code %i', async (_label, body, code) => {
    const res = await raw(body);
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe(code);
  });

  it('when the body is invalid UTF-8, then -32700', async () => {
    const res = await fetch(`${h.url}/mcp`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${await h.token('crm.read')}`,
      },
      body: Buffer.from([0x7b, 0xff, 0xfe, 0x7d]),
    });
    expect(((await res.json()) as { error: { code: number } }).error.code).toBe(-32700);
  });

  it('when the method is unknown, then -32601', async () => {
    const res = await modernPost(`${h.url}/mcp`, await h.token('crm.read'), 'tools/explode');
    expect(res.json!['error'].code).toBe(-32601);
  });

  it('when Mcp-Method disagrees with the body, then the request is rejected', async () => {
    const res = await modernPost(
      `${h.url}/mcp`,
      await h.token('crm.read'),
      'tools/list',
      {},
      { 'mcp-method': 'tools/call' },
    );
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.json!['error'].code).toBe(-32020);
  });

  it('when GET /.well-known/oauth-protected-resource/mcp, then RFC 9728 metadata', async () => {
    const res = await fetch(`${h.url}/.well-known/oauth-protected-resource/mcp`);
    expect(await res.json()).toEqual({
      resource: 'http://127.0.0.1:7003/mcp',
      authorization_servers: [h.issuer.issuer],
      scopes_supported: ['crm.read', 'crm.contact.update'],
      bearer_methods_supported: ['header'],
    });
  });

  const connect = async (mode: 'legacy' | 'auto', token: string) => {
    const transport = new StreamableHTTPClientTransport(new URL(`${h.url}/mcp/crm`), {
      requestInit: { headers: { authorization: `Bearer ${token}` } },
    });
    const client = new Client({ name: 'agent', version: '1' }, { versionNegotiation: { mode } });
    await client.connect(transport);
    return { client, transport };
  };
  it.each(['legacy', 'auto'] as const)(
    'when an SDK client in %s mode connects, then it lists and calls',
    async (mode) => {
      const { client } = await connect(mode, await h.token('crm.read'));
      try {
        expect(client.getProtocolEra()).toBe(mode === 'legacy' ? 'legacy' : 'modern');
        const tools = await client.listTools();
        expect(tools.tools.map((t) => t.name)).toContain('search_contacts');
        const result = await client.callTool({ name: 'get_contact', arguments: { id: 'c-1' } });
        expect(result.structuredContent).toMatchObject({ id: 'c-1' });
      } finally {
        await client.close();
      }
    },
  );

  it('when a session id is used with another principal token, then 404 and audited', async () => {
    const { client, transport } = await connect('legacy', await h.token('crm.read'));
    try {
      const other = await h.issuer.mint({ client_id: 'agent-b' }, { scope: 'crm.read' });
      const res = await fetch(`${h.url}/mcp/crm`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          'mcp-session-id': transport.sessionId!,
          'mcp-protocol-version': '2025-11-25',
          authorization: `Bearer ${other}`,
        },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
      });
      expect(res.status).toBe(404);
      expect(h.audit.at(-1)).toMatchObject({
        outcome: 'denied',
        actor: { clientId: 'agent-b' },
        reasons: ['session belongs to another principal'],
      });
    } finally {
      await client.close();
    }
  });
});
