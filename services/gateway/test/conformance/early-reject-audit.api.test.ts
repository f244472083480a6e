import { request } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { modernPost, startHarness, type Harness } from '../mcp/support.js';

/** Requests refused before authentication still leave exactly one audit event each. */
describe('MCP endpoint early rejections', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      GATEWAY_ALLOWED_ORIGINS: 'https://console.example',
      GATEWAY_MAX_BODY_BYTES: '2048',
    });
  }, 30_000);
  afterAll(async () => h?.close());
  beforeEach(() => {
    h.audit.length = 0;
  });

  it.each([
    ['/mcp', 'POST', {}],
    ['/mcp/crm', 'POST', { serverId: 'crm' }],
    ['/mcp', 'GET', {}],
    ['/mcp', 'DELETE', {}],
  ])(
    'when %s is sent with %s from a foreign Origin, then 403 and one denied audit event without an actor',
    async (path, method, target) => {
      const token = await h.token('crm.read');
      const res = await fetch(`${h.url}${path}`, {
        method,
        headers: {
          origin: 'https://evil.example',
          authorization: `Bearer ${token}`,
          ...(method === 'POST' ? { 'content-type': 'application/json' } : {}),
        },
        ...(method === 'POST' ? { body: '{"jsonrpc":"2.0","id":1,"method":"tools/list"}' } : {}),
      });
      expect(res.status).toBe(403);
      expect(h.audit).toEqual([
        {
          action: 'mcp.request_rejected',
          actor: { subject: 'anonymous' },
          target,
          decision: 'deny',
          reasons: ['origin_not_allowed'],
          outcome: 'denied',
          details: {
            route: path === '/mcp' ? '/mcp' : '/mcp/:serverId',
            httpStatus: 403,
            httpMethod: method,
          },
        },
      ]);
      expect(JSON.stringify(h.audit)).not.toContain(token);
      expect(JSON.stringify(h.audit)).not.toContain('evil.example');
      expect(h.crm.requests).toHaveLength(0);
    },
  );

  it('when the body is over the cap, then 413 and one denied audit event with reason body_too_large', async () => {
    const token = await h.token('crm.read');
    const res = await modernPost(`${h.url}/mcp/crm`, token, 'tools/call', {
      name: 'search_contacts',
      arguments: { query: 'x'.repeat(5000) },
    });
    expect(res.status).toBe(413);
    expect(h.audit).toEqual([
      {
        action: 'mcp.request_rejected',
        actor: { subject: 'anonymous' },
        target: { serverId: 'crm' },
        decision: 'deny',
        reasons: ['body_too_large'],
        outcome: 'denied',
        details: { route: '/mcp/:serverId', httpStatus: 413, httpMethod: 'POST' },
      },
    ]);
    expect(JSON.stringify(h.audit)).not.toContain('xxxxxxxx');
    expect(h.crm.requests).toHaveLength(0);
  });

  it('when a chunked body exceeds the cap, then 413 and one audit event', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${h.url}/mcp`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      for (let i = 0; i < 8; i += 1) req.write('x'.repeat(512));
      req.end();
    });
    expect(status).toBe(413);
    expect(h.audit).toHaveLength(1);
    expect(h.audit[0]).toMatchObject({ reasons: ['body_too_large'], outcome: 'denied' });
  });

  it('when the path names a server id of hostile shape, then the event leaves it out', async () => {
    const res = await fetch(`${h.url}/mcp/${'a'.repeat(200)}`, {
      method: 'POST',
      headers: { origin: 'https://evil.example', 'content-type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(403);
    expect(h.audit).toHaveLength(1);
    expect(h.audit[0]?.['target']).toEqual({});
  });

  it('when the Origin is allowed and the body fits, then no early-rejection event is written', async () => {
    const res = await modernPost(
      `${h.url}/mcp`,
      await h.token('crm.read'),
      'tools/list',
      {},
      { origin: 'https://console.example' },
    );
    expect(res.status).toBe(200);
    expect(h.audit.map((e) => e['action'])).toEqual(['mcp.tools/list']);
  });

  it('when rejections happened, then the gateway still serves', async () => {
    const res = await modernPost(`${h.url}/mcp`, await h.token('crm.read'), 'tools/list');
    expect(res.status).toBe(200);
  });
});
