import { describe, expect, it } from 'vitest';
import { openUpstreamSession, progressTool, type UpstreamProgress } from '@mcpgw/mcp';
import { rpcMethods, useFixtures } from './fixtures-lifecycle.js';

const call = (extra: { onProgress?: (update: UpstreamProgress) => void } = {}) => ({
  headers: { traceparent: '00-0123456789abcdef0123456789abcdef-0123456789abcdef-01' },
  signal: new AbortController().signal,
  timeoutMs: 5_000,
  ...extra,
});

describe('openUpstreamSession', () => {
  const start = useFixtures();

  it('when the transport is sse, then the session speaks 2024-11-05 HTTP+SSE and sends credentials and per-call headers', async () => {
    const fixture = await start({ era: 'legacy-sse' });
    const session = await openUpstreamSession({
      url: fixture.url,
      transport: 'sse',
      headers: { 'x-api-key': 'svc-key' },
      fetch,
      timeoutMs: 5_000,
    });
    try {
      const result = await session.request(
        'tools/call',
        { name: 'get_contact', arguments: { id: 'c-1' } },
        call(),
      );

      expect(result).toMatchObject({ structuredContent: { id: 'c-1', name: 'Ada Lovelace' } });
      const posted = fixture.requests.filter((r) => r.method === 'POST');
      expect(posted.every((r) => r.headers['x-api-key'] === 'svc-key')).toBe(true);
      const toolCall = posted.find(
        (r) => (r.body as { method?: string } | undefined)?.method === 'tools/call',
      );
      expect(toolCall?.headers['traceparent']).toBe(call().headers.traceparent);
      expect(fixture.requests[0]).toMatchObject({ method: 'GET', path: '/sse' });
    } finally {
      await session.close();
    }
  });

  it.each([
    ['session', { era: 'session', respondWithSse: true }, 'streamable-http'],
    ['legacy-sse', { era: 'legacy-sse' }, 'sse'],
  ] as const)(
    'when a %s call asks for progress, then the updates arrive without the token and the token sent is the SDK’s own',
    async (_name, options, transport) => {
      const fixture = await start({ ...options, tools: [progressTool({ steps: 2 })] });
      const session = await openUpstreamSession({
        url: fixture.url,
        transport,
        headers: {},
        fetch,
        timeoutMs: 5_000,
      });
      const updates: UpstreamProgress[] = [];
      try {
        await session.request(
          'tools/call',
          { name: 'export_report', arguments: {}, _meta: { progressToken: 'agent-token' } },
          call({ onProgress: (update) => updates.push(update) }),
        );
      } finally {
        await session.close();
      }

      expect(updates).toEqual([
        { progress: 1, total: 2, message: 'step 1 of 2' },
        { progress: 2, total: 2, message: 'step 2 of 2' },
      ]);
      const sent = fixture.requests.find(
        (r) => (r.body as { method?: string } | undefined)?.method === 'tools/call',
      );
      expect(
        (sent?.body as { params: { _meta: { progressToken: unknown } } }).params._meta,
      ).toMatchObject({ progressToken: expect.any(Number) });
    },
  );

  it('when the HTTP+SSE upstream goes away, then onClosed is called once', async () => {
    const fixture = await start({ era: 'legacy-sse' });
    let closedCalls = 0;
    const session = await openUpstreamSession({
      url: fixture.url,
      transport: 'sse',
      headers: {},
      fetch,
      timeoutMs: 5_000,
      onClosed: () => (closedCalls += 1),
    });

    await fixture.close();
    for (let i = 0; i < 50 && closedCalls === 0; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await session.close();

    expect(closedCalls).toBe(1);
    expect(rpcMethods(fixture)).toEqual(['initialize', 'notifications/initialized']);
  });
});
