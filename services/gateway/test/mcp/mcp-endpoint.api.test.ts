import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modernPost, SECRET_VALUE, startHarness, type Harness } from './support.js';

describe('MCP endpoint', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      GATEWAY_ALLOWED_ORIGINS: 'https://console.example',
      GATEWAY_MAX_BODY_BYTES: '2048',
    });
  }, 30_000);
  afterAll(async () => h?.close());

  it('when a reader lists tools on /mcp, then sees only the tools its scopes allow, namespaced', async () => {
    const res = await modernPost(`${h.url}/mcp`, await h.token('crm.read'), 'tools/list');
    expect(res.status).toBe(200);
    const names = (res.json!['result'].tools as Array<{ name: string }>).map((t) => t.name).sort();
    expect(names).toEqual([
      'crm__get_contact',
      'crm__search_contacts',
      'legacy__get_contact',
      'legacy__search_contacts',
      'slow__get_contact',
      'slow__search_contacts',
    ]);
  });

  it('when listing on /mcp/crm, then original names of that server only', async () => {
    const res = await modernPost(
      `${h.url}/mcp/crm`,
      await h.token('crm.read crm.contact.update'),
      'tools/list',
    );
    const names = (res.json!['result'].tools as Array<{ name: string }>).map((t) => t.name).sort();
    expect(names).toEqual(['get_contact', 'search_contacts', 'update_contact']);
  });

  it('when a visible tool is called, then the upstream result comes back and the upstream got the credential and traceparent but no agent token', async () => {
    const token = await h.token('crm.read');
    const before = h.crm.requests.length;
    const res = await modernPost(
      `${h.url}/mcp`,
      token,
      'tools/call',
      { name: 'crm__search_contacts', arguments: { query: 'ada' } },
      {
        traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
        cookie: 'session=agent-cookie',
      },
    );
    expect(res.status).toBe(200);
    expect(res.json!['result'].structuredContent).toEqual({
      contacts: [{ id: 'c-1', name: 'Ada Lovelace', email: 'ada@example.com' }],
    });
    const calls = h.crm.requests
      .slice(before)
      .filter((r) => (r.body as { method?: string })?.method === 'tools/call');
    expect(calls).toHaveLength(1);
    const upstream = calls[0]!;
    expect((upstream.body as { params: { name: string } }).params.name).toBe('search_contacts');
    expect(upstream.headers['authorization']).toBeUndefined();
    expect(upstream.headers['cookie']).toBeUndefined();
    expect(JSON.stringify(upstream.headers)).not.toContain(token);
    expect(upstream.headers['x-api-key']).toBe(`Key ${SECRET_VALUE}`);
    expect(upstream.headers['traceparent']).toMatch(
      /^00-0af7651916cd43dd8448eb211c80319c-[0-9a-f]{16}-01$/,
    );
    const event = h.audit.at(-1)!;
    expect(event).toMatchObject({
      action: 'mcp.tools/call',
      outcome: 'success',
      decision: 'allow',
      target: { serverId: 'crm', tool: 'search_contacts' },
    });
    expect(JSON.stringify(h.audit)).not.toContain(SECRET_VALUE);
    expect(JSON.stringify(h.audit)).not.toContain(token);
  });

  it('when a session-era upstream tool is called, then the result is relayed', async () => {
    const res = await modernPost(`${h.url}/mcp`, await h.token('crm.read'), 'tools/call', {
      name: 'legacy__get_contact',
      arguments: { id: 'c-2' },
    });
    expect(res.json!['result'].structuredContent).toMatchObject({ id: 'c-2', name: 'Alan Turing' });
  });

  it('when a hidden tool is called, then the answer is byte-identical to an unknown tool', async () => {
    const token = await h.token('crm.read');
    const hidden = await modernPost(`${h.url}/mcp/crm`, token, 'tools/call', {
      name: 'delete_contact',
      arguments: { id: 'c-1' },
    });
    const unknown = await modernPost(`${h.url}/mcp/crm`, token, 'tools/call', {
      name: 'delete_contact',
      arguments: { id: 'c-1' },
    });
    const missing = await modernPost(`${h.url}/mcp/crm`, token, 'tools/call', {
      name: 'no_such_tool',
      arguments: { id: 'c-1' },
    });
    expect(hidden.status).toBe(missing.status);
    expect(hidden.text.replace('delete_contact', 'X')).toBe(
      missing.text.replace('no_such_tool', 'X'),
    );
    expect(hidden.json!['error'].code).toBe(-32602);
    expect(unknown.text).toBe(hidden.text);
    expect(h.audit.at(-3)).toMatchObject({ outcome: 'denied', decision: 'deny' });
  });

  it('when a visible tool needs another scope, then 403 insufficient_scope names the scopes', async () => {
    const res = await modernPost(`${h.url}/mcp/crm`, await h.token('crm.read'), 'tools/call', {
      name: 'update_contact',
      arguments: { id: 'c-1' },
    });
    expect(res.status).toBe(403);
    expect(res.headers.get('www-authenticate')).toBe(
      'Bearer error="insufficient_scope", scope="crm.read crm.contact.update", resource_metadata="http://127.0.0.1:7003/.well-known/oauth-protected-resource/mcp"',
    );
    expect(res.json!['error'].data.missingScopes).toEqual(['crm.contact.update']);
  });

  it('when arguments violate the pinned schema, then -32602 with the errors and the upstream gets nothing', async () => {
    const before = h.crm.requests.length;
    const res = await modernPost(`${h.url}/mcp`, await h.token('crm.read'), 'tools/call', {
      name: 'crm__search_contacts',
      arguments: { query: '', extra: 1 },
    });
    expect(res.json!['error'].code).toBe(-32602);
    expect(res.json!['error'].data.errors.join(' ')).toMatch(
      /must NOT have fewer than 1 characters|additional properties/,
    );
    expect(h.crm.requests.length).toBe(before);
  });

  it('when dry-run is flagged, then the decision and validation come back and the upstream gets nothing', async () => {
    const before = h.crm.requests.length;
    const res = await modernPost(`${h.url}/mcp`, await h.token('crm.read'), 'tools/call', {
      name: 'crm__search_contacts',
      arguments: { query: 'a' },
      _meta: { 'com.mcpgw/dry-run': true },
    });
    expect(res.json!['result'].structuredContent).toMatchObject({
      dryRun: true,
      decision: 'allow',
      arguments: { valid: true },
    });
    expect(h.crm.requests.length).toBe(before);
  });

  it('when an upstream hangs, then a timeout error comes back and other upstreams still answer', async () => {
    h.slow.setBehaviour('hang');
    const token = await h.token('crm.read');
    const [hung, fine] = await Promise.all([
      modernPost(`${h.url}/mcp`, token, 'tools/call', {
        name: 'slow__get_contact',
        arguments: { id: 'c-1' },
      }),
      modernPost(`${h.url}/mcp`, token, 'tools/call', {
        name: 'crm__get_contact',
        arguments: { id: 'c-1' },
      }),
    ]);
    expect(fine.json!['result'].structuredContent).toMatchObject({ id: 'c-1' });
    expect(hung.json!['error']).toMatchObject({ code: -32010, message: 'Upstream timed out' });
  }, 15_000);
});
