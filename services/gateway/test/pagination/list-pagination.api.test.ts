import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  catalogueServer,
  catalogueSnapshot,
  startFakeUpstreamHarness,
  type FakeUpstreamHarness,
} from '../mcp/fake-upstream-harness.js';
import { modernPost } from '../mcp/support.js';
import { openLegacySession } from '../protocol/legacy-session.js';

const LISTS = [
  ['tools/list', 'tools', 'name'],
  ['resources/list', 'resources', 'uri'],
  ['resources/templates/list', 'resourceTemplates', 'uriTemplate'],
  ['prompts/list', 'prompts', 'name'],
] as const;

describe('list pagination', () => {
  let h: FakeUpstreamHarness;
  let reader: string;
  beforeAll(async () => {
    h = await startFakeUpstreamHarness({ GATEWAY_LIST_PAGE_SIZE: '2' });
    reader = await h.token('docs.read');
  }, 30_000);
  afterAll(async () => h?.close());

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- replies are arbitrary JSON
  type Reply = Record<string, any>;
  const list = async (path: string, method: string, params: Reply = {}, token = reader) =>
    (await modernPost(`${h.url}${path}`, token, method, params)).json as Reply;

  /** Follows nextCursor to the end; returns every identity in order and the page count. */
  async function walk(path: string, method: string, key: string, id: string) {
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let page = 1; page <= 20; page += 1) {
      const reply = await list(path, method, cursor === undefined ? {} : { cursor });
      const items = reply['result'][key] as Reply[];
      expect(items.length).toBeLessThanOrEqual(2);
      seen.push(...items.map((item) => item[id] as string));
      cursor = reply['result'].nextCursor;
      if (cursor === undefined) return { seen, pages: page };
      expect(items).toHaveLength(2);
    }
    throw new Error('pagination did not end');
  }

  it.each(LISTS)(
    'when %s is walked page by page on /mcp and /mcp/<id>, then every visible item comes exactly once and only non-final pages carry nextCursor',
    async (method, key, id) => {
      const aggregated = await walk('/mcp', method, key, id);
      const single = await walk('/mcp/docs', method, key, id);
      const unpaged = await startFakeUpstreamHarness();
      try {
        const token = await unpaged.token('docs.read');
        const everything = (path: string) =>
          modernPost(`${unpaged.url}${path}`, token, method).then((r) =>
            (r.json!['result'][key] as Reply[]).map((item) => item[id] as string),
          );
        expect(aggregated.seen).toEqual(await everything('/mcp'));
        expect(single.seen).toEqual(await everything('/mcp/docs'));
      } finally {
        await unpaged.close();
      }
      expect(new Set(aggregated.seen).size).toBe(aggregated.seen.length);
      expect(aggregated.pages).toBe(Math.ceil(aggregated.seen.length / 2));
      expect(aggregated.seen.length).toBeGreaterThan(single.seen.length);
    },
  );

  it('when a legacy (2025) session pages through tools/list, then the cursors work there too', async () => {
    const agent = await openLegacySession(`${h.url}/mcp`, reader);
    const first = (await agent.request('tools/list')) as Reply;
    const cursor = first['result'].nextCursor as string;
    const second = (await agent.request('tools/list', { cursor })) as Reply;

    expect(first['result'].tools.map((t: Reply) => t['name'])).toEqual(['crm__alpha', 'crm__beta']);
    expect(second['result'].tools.map((t: Reply) => t['name'])).toEqual([
      'crm__gamma',
      'docs__alpha',
    ]);
  });

  it('when a cursor is presented to another list or by another principal, then -32602 and nothing leaks', async () => {
    const tools = await list('/mcp', 'tools/list');
    const cursor = tools['result'].nextCursor as string;
    const admin = await h.token('docs.read docs.admin');

    const otherList = await list('/mcp', 'prompts/list', { cursor });
    const otherPrincipal = await list('/mcp', 'tools/list', { cursor }, admin);
    const otherAgent = await list(
      '/mcp',
      'tools/list',
      { cursor },
      await h.token('docs.read', { client_id: 'agent-b' }),
    );

    for (const reply of [otherList, otherPrincipal, otherAgent]) {
      expect(reply['error']).toEqual({ code: -32602, message: 'Invalid cursor' });
      expect(reply['result']).toBeUndefined();
    }
    expect(h.audit.at(-1)).toMatchObject({
      action: 'mcp.tools/list',
      actor: { clientId: 'agent-b' },
      decision: 'deny',
      outcome: 'denied',
      details: { errorCode: -32602 },
    });
  });

  it.each([
    ['random text', 'abc'],
    ['an empty string', ''],
    ['a forged offset', '1.2.AAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAA'],
    ['a huge string', 'x'.repeat(10_000)],
    ['a number', 5],
    ['an object', { offset: 2 }],
  ])(
    'when the cursor is %s, then a JSON-RPC -32602 (never a 500) and an audit event',
    async (_label, cursor) => {
      for (const method of ['tools/list', 'resources/list']) {
        const res = await modernPost(`${h.url}/mcp`, reader, method, { cursor });
        expect(res.status).toBeLessThan(500);
        expect(res.json!['error'].code).toBe(-32602);
      }
      expect(h.audit.at(-1)).toMatchObject({ action: 'mcp.resources/list' });
    },
  );

  it('when the list changes after the cursor was issued, then -32602 asks the agent to list again; an unrelated change keeps it valid', async () => {
    const local = await startFakeUpstreamHarness({ GATEWAY_LIST_PAGE_SIZE: '2' });
    try {
      const token = await local.token('docs.read');
      const first = await modernPost(`${local.url}/mcp`, token, 'tools/list');
      const cursor = first.json!['result'].nextCursor as string;

      const described = catalogueSnapshot();
      described.servers[0]!.description = 'a new description changes no list';
      local.publish(described);
      const still = await modernPost(`${local.url}/mcp`, token, 'tools/list', { cursor });
      expect(still.json!['result'].tools).toHaveLength(2);

      local.publish(catalogueSnapshot([catalogueServer('crm'), catalogueServer('wiki')]));
      const stale = await modernPost(`${local.url}/mcp`, token, 'tools/list', { cursor });
      expect(stale.json!['error']).toEqual({
        code: -32602,
        message: 'Invalid cursor: the list changed; list again without a cursor',
      });
      expect(local.audit.at(-1)).toMatchObject({
        outcome: 'failure',
        reasons: ['invalid cursor: the list changed since the cursor was issued'],
      });
      const again = await modernPost(`${local.url}/mcp`, token, 'tools/list');
      expect(again.json!['result'].tools.map((t: Reply) => t['name'])).toEqual([
        'crm__alpha',
        'crm__beta',
      ]);
    } finally {
      await local.close();
    }
  });

  it('when a gateway restarts with the same GATEWAY_CURSOR_SECRET, then its cursors stay valid; with a generated key they do not', async () => {
    const secret = { GATEWAY_LIST_PAGE_SIZE: '2', GATEWAY_CURSOR_SECRET: 's'.repeat(40) };
    const a = await startFakeUpstreamHarness(secret);
    const b = await startFakeUpstreamHarness(secret);
    const c = await startFakeUpstreamHarness({ GATEWAY_LIST_PAGE_SIZE: '2' });
    try {
      // Same subject on every gateway: each harness has its own issuer, the claims match.
      const first = await modernPost(`${a.url}/mcp`, await a.token('docs.read'), 'tools/list');
      const cursor = first.json!['result'].nextCursor as string;
      const onB = await modernPost(`${b.url}/mcp`, await b.token('docs.read'), 'tools/list', {
        cursor,
      });
      const onC = await modernPost(`${c.url}/mcp`, await c.token('docs.read'), 'tools/list', {
        cursor,
      });
      expect(onB.json!['result'].tools).toHaveLength(2);
      expect(onC.json!['error'].code).toBe(-32602);
    } finally {
      await Promise.all([a.close(), b.close(), c.close()]);
    }
  });
});
