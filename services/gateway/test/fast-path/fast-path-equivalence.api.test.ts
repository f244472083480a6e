import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  headersThatMatter,
  modernRequest,
  send,
  servedByFastPath,
  startTwinHarness,
  type Answer,
  type TwinHarness,
} from './support.js';

type Request = ReturnType<typeof modernRequest>;

describe('fast path', () => {
  let h: TwinHarness;
  let reader: string;
  beforeAll(async () => {
    h = await startTwinHarness();
    reader = await h.token('crm.read');
  }, 30_000);
  afterAll(async () => h?.close());

  /** Sends the same request through both gateways; answers must agree in everything that matters. */
  async function both(path: string, request: Request, token: string | undefined = reader) {
    const fast = await send(`${h.fast.url}${path}`, token, request);
    const sdk = await send(`${h.sdk.url}${path}`, token, request);
    expect(fast.status).toBe(sdk.status);
    expect(headersThatMatter(fast.headers)).toEqual(headersThatMatter(sdk.headers));
    expect(fast.json).toEqual(sdk.json);
    return { fast, sdk };
  }

  const expectFast = ({ fast, sdk }: { fast: Answer; sdk: Answer }) => {
    expect(servedByFastPath(fast)).toBe(true);
    expect(servedByFastPath(sdk)).toBe(false);
  };

  it('when tools are listed on /mcp and /mcp/crm, then both paths answer the same list', async () => {
    const all = await both('/mcp', modernRequest('tools/list'));
    expectFast(all);
    expect(all.fast.json.result.tools.length).toBeGreaterThan(0);
    expect(all.fast.json.result).toMatchObject({ resultType: 'complete', ttlMs: 0 });
    expectFast(await both('/mcp/crm', modernRequest('tools/list')));
  });

  it('when a visible tool of a stateless upstream is called, then both paths relay the same result', async () => {
    const before = h.crm.requests.length;
    const call = modernRequest('tools/call', {
      name: 'crm__search_contacts',
      arguments: { query: 'ada' },
    });
    const answers = await both('/mcp', call);
    expectFast(answers);
    expect(answers.fast.json.result.structuredContent).toEqual({
      contacts: [{ id: 'c-1', name: 'Ada Lovelace', email: 'ada@example.com' }],
    });
    const upstreamCalls = h.crm.requests
      .slice(before)
      .filter((r) => (r.body as { method?: string })?.method === 'tools/call');
    expect(upstreamCalls).toHaveLength(2);
    expect(upstreamCalls[0]!.headers['authorization']).toBeUndefined();
    expect(upstreamCalls[0]!.headers['x-api-key']).toBe(upstreamCalls[1]!.headers['x-api-key']);
  });

  it('when a tool of a session-era upstream is called, then both paths relay the same result', async () => {
    const call = modernRequest('tools/call', {
      name: 'legacy__search_contacts',
      arguments: { query: 'ada' },
    });
    expectFast(await both('/mcp', call));
  });

  it('when an unknown tool is called, then both answer the same in-band -32602', async () => {
    const answers = await both('/mcp', modernRequest('tools/call', { name: 'crm__nope' }));
    expectFast(answers);
    expect(answers.fast.json.error).toEqual({ code: -32602, message: 'Unknown tool: crm__nope' });
  });

  it('when a hidden tool is called, then both answer exactly like an unknown tool', async () => {
    const answers = await both(
      '/mcp',
      modernRequest('tools/call', { name: 'crm__delete_contact' }),
    );
    expect(answers.fast.json.error).toEqual({
      code: -32602,
      message: 'Unknown tool: crm__delete_contact',
    });
  });

  it('when a visible tool needs more scope, then both answer 403 naming the scopes', async () => {
    const answers = await both(
      '/mcp',
      modernRequest('tools/call', { name: 'crm__update_contact', arguments: {} }),
    );
    expect(answers.fast.status).toBe(403);
    expect(answers.fast.headers.get('www-authenticate')).toContain('insufficient_scope');
  });

  it('when arguments are invalid or missing, then both answer the same -32602 with the errors', async () => {
    const wrongType = await both(
      '/mcp',
      modernRequest('tools/call', { name: 'crm__search_contacts', arguments: { query: 5 } }),
    );
    expectFast(wrongType);
    expect(wrongType.fast.json.error.code).toBe(-32602);
    expectFast(await both('/mcp', modernRequest('tools/call', { name: 'crm__search_contacts' })));
  });

  it('when the upstream hangs past its timeout, then both answer the same upstream-timeout error', async () => {
    const answers = await both(
      '/mcp',
      modernRequest('tools/call', { name: 'slow__search_contacts', arguments: { query: 'a' } }),
    );
    expectFast(answers);
    expect(answers.fast.json.error).toEqual({ code: -32010, message: 'Upstream timed out' });
  }, 10_000);

  it('when the token is missing or bad, then both answer the same 401 challenge', async () => {
    await both('/mcp', modernRequest('tools/list'), undefined);
    await both('/mcp', modernRequest('tools/list'), 'not-a-jwt');
  });

  it('when a request is not a plain stateless tools call, then both go through the SDK and agree', async () => {
    const cases: Request[] = [
      modernRequest('tools/list', {}, { 'mcp-method': null }),
      modernRequest('tools/list', {}, { 'mcp-method': 'tools/call' }),
      modernRequest('tools/list', {}, { 'mcp-protocol-version': null }),
      modernRequest('tools/list', {}, { 'mcp-protocol-version': '2025-11-25' }),
      modernRequest('tools/call', { name: 'crm__search_contacts' }, { 'mcp-name': 'crm__other' }),
      modernRequest('tools/call', { name: 'crm__search_contacts' }, { 'mcp-name': null }),
      // A progress token needs the SDK's stream (an unknown tool keeps upstream counts as they are).
      modernRequest('tools/call', { name: 'crm__missing', _meta: { progressToken: 'p-1' } }),
      modernRequest('tools/list', {}, { 'content-type': 'text/plain' }),
      modernRequest('prompts/list'),
      modernRequest('tools/list', {
        _meta: { 'io.modelcontextprotocol/protocolVersion': '2027-01-01' },
      }),
    ];
    for (const request of cases) {
      const { fast } = await both('/mcp', request);
      expect(servedByFastPath(fast)).toBe(false);
    }
  });

  it('when the same calls went through both paths, then the audit trails agree apart from latency', () => {
    const strip = (events: Array<Record<string, unknown>>) =>
      events.map((e) => ({
        ...e,
        details: { ...(e['details'] as object), latencyMs: 0 },
      }));
    expect(h.fast.audit.length).toBe(h.sdk.audit.length);
    expect(strip(h.fast.audit)).toEqual(strip(h.sdk.audit));
  });

  it('when calls were served, then both registries count the same requests, decisions and upstream calls', async () => {
    const fast = await h.fast.registry.getMetricsAsJSON();
    const sdk = await h.sdk.registry.getMetricsAsJSON();
    const counts = (metrics: typeof fast, name: string) =>
      metrics
        .find((m) => m.name === name)!
        .values.map((v) => ({ ...v, metricName: (v as { metricName?: string }).metricName }))
        .filter((v) => !String(v.metricName ?? '').endsWith('_sum'))
        .map((v) => ({ labels: v.labels, value: v.metricName?.endsWith('_bucket') ? 0 : v.value }));
    for (const name of ['gateway_mcp_requests_total', 'gateway_policy_decisions_total']) {
      expect(counts(fast, name)).toEqual(counts(sdk, name));
    }
    const text = await h.fast.registry.metrics();
    // The app's registry adds its own `service` label to every metric.
    expect(text).toMatch(
      /gateway_mcp_requests_total\{method="tools\/call",outcome="success",service="gateway"\} 2/,
    );
    expect(text).toMatch(/gateway_policy_decisions_total\{effect="deny",service="gateway"\}/);
    expect(text).toMatch(
      /gateway_upstream_duration_seconds_count\{service="gateway",server="crm",tool="search_contacts"\} 1/,
    );
    expect(text).not.toContain('crm__nope');
  });
});

describe('fast path, paged tools/list', () => {
  let h: TwinHarness;
  let reader: string;
  beforeAll(async () => {
    h = await startTwinHarness({ GATEWAY_LIST_PAGE_SIZE: '4' });
    reader = await h.token('crm.read');
  }, 30_000);
  afterAll(async () => h?.close());

  async function both(path: string, request: Request, token = reader) {
    const fast = await send(`${h.fast.url}${path}`, token, request);
    const sdk = await send(`${h.sdk.url}${path}`, token, request);
    expect(fast.status).toBe(sdk.status);
    expect(headersThatMatter(fast.headers)).toEqual(headersThatMatter(sdk.headers));
    expect(fast.text).toBe(sdk.text);
    return { fast, sdk };
  }

  /** Follows nextCursor to the end; every page must be byte-identical on both paths. */
  async function walk(path: string): Promise<{ names: string[]; pages: number }> {
    const names: string[] = [];
    let cursor: string | undefined;
    for (let page = 1; page <= 20; page += 1) {
      const params = cursor === undefined ? {} : { cursor };
      const { fast, sdk } = await both(path, modernRequest('tools/list', params));
      expect(servedByFastPath(fast)).toBe(true);
      expect(servedByFastPath(sdk)).toBe(false);
      names.push(...(fast.json.result.tools as Array<{ name: string }>).map((t) => t.name));
      cursor = fast.json.result.nextCursor;
      if (cursor === undefined) return { names, pages: page };
      expect(fast.json.result.tools).toHaveLength(4);
    }
    throw new Error('pagination did not end');
  }

  it('when tools are listed page by page, then both paths answer byte-identical pages and cursors, ending without nextCursor', async () => {
    const all = await walk('/mcp');
    expect(all.pages).toBe(2);
    expect(all.names).toEqual([
      'crm__search_contacts',
      'crm__get_contact',
      'legacy__search_contacts',
      'legacy__get_contact',
      'slow__search_contacts',
      'slow__get_contact',
    ]);
    const one = await walk('/mcp/crm');
    expect(one).toEqual({ names: ['search_contacts', 'get_contact'], pages: 1 });
  });

  it('when a cursor is garbage, tampered with, from another principal or another endpoint, then both answer the same -32602 and audit it', async () => {
    const first = await both('/mcp', modernRequest('tools/list'));
    const cursor = first.fast.json.result.nextCursor as string;
    const tampered = cursor.slice(0, -1) + (cursor.endsWith('A') ? 'B' : 'A');
    const other = await h.token('crm.read crm.admin');
    const foreign = await both('/mcp', modernRequest('tools/list', { cursor }), other);
    const cases = [
      await both('/mcp', modernRequest('tools/list', { cursor: 'garbage' })),
      await both('/mcp', modernRequest('tools/list', { cursor: 42 })),
      await both('/mcp', modernRequest('tools/list', { cursor: tampered })),
      await both('/mcp/crm', modernRequest('tools/list', { cursor })),
      foreign,
    ];
    for (const { fast } of cases) {
      expect(fast.status).toBe(200);
      expect(fast.json.error).toEqual({ code: -32602, message: 'Invalid cursor' });
      expect(servedByFastPath(fast)).toBe(true);
    }
    const denied = h.fast.audit.filter(
      (e) => e['action'] === 'mcp.tools/list' && e['outcome'] === 'denied',
    );
    expect(denied).toHaveLength(3);
    expect(denied[0]).toMatchObject({
      decision: 'deny',
      reasons: ['invalid cursor: signature does not match this principal, endpoint and list'],
      details: { errorCode: -32602 },
    });
    expect(h.fast.audit).toContainEqual(
      expect.objectContaining({
        action: 'mcp.tools/list',
        outcome: 'failure',
        reasons: ['invalid cursor: not a cursor this gateway issued'],
      }),
    );
  });

  it('when the same pages went through both paths, then the audit trails agree apart from latency', () => {
    const strip = (events: Array<Record<string, unknown>>) =>
      events.map((e) => ({ ...e, details: { ...(e['details'] as object), latencyMs: 0 } }));
    expect(strip(h.fast.audit)).toEqual(strip(h.sdk.audit));
  });
});
