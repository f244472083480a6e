import { afterEach, describe, expect, it } from 'vitest';
import { createGuardedDispatcher } from '@mcpgw/net-guard';
import {
  progressTool,
  startFixtureServer,
  type FixtureServer,
  type FixtureServerOptions,
} from '@mcpgw/mcp';
import { createUpstreamPool } from '../../src/data-access/upstream/upstream-pool.js';
import type { ProgressUpdate, UpstreamRequest } from '../../src/domain/routing/upstream-port.js';
import type { UpstreamRoute } from '../../src/domain/serving/serving-types.js';

const AGENT_TOKEN = 'agent-progress-token-7';

type Upstream = {
  name: string;
  options: FixtureServerOptions;
  transport: UpstreamRoute['transport'];
};

const UPSTREAMS: Upstream[] = [
  { name: 'stateless 2026-07-28', options: { era: 'stateless' }, transport: 'streamable-http' },
  {
    name: 'session 2025-11-25',
    options: { era: 'session', respondWithSse: true },
    transport: 'streamable-http',
  },
  {
    name: 'session 2025-03-26',
    options: { era: 'session', respondWithSse: true, protocolVersion: '2025-03-26' },
    transport: 'streamable-http',
  },
  { name: 'HTTP+SSE 2024-11-05', options: { era: 'legacy-sse' }, transport: 'sse' },
];

describe('upstream pool progress relay', () => {
  const cleanup: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const close of cleanup.splice(0).reverse()) await close();
  });

  const setUp = async (upstream: Upstream) => {
    const fixture = await startFixtureServer({
      ...upstream.options,
      tools: [progressTool({ steps: 3 }), { ...progressTool({ steps: 0 }), name: 'quick_report' }],
    });
    const dispatcher = createGuardedDispatcher({ allowPrivateNetworks: ['127.0.0.0/8'] });
    const pool = createUpstreamPool({ dispatcher, timeoutMs: 5_000, maxResponseBytes: 65_536 });
    cleanup.push(
      () => fixture.close(),
      () => dispatcher.close(),
      () => pool.close(),
    );
    const route: UpstreamRoute = {
      serverId: 'reports',
      version: '1.0.0',
      url: fixture.url,
      transport: upstream.transport,
      credentialRefs: [],
    };
    const call = (extra: Partial<UpstreamRequest> = {}) =>
      pool.forward({
        route,
        method: 'tools/call',
        params: { name: 'export_report', arguments: { report: 'q3' } },
        headers: {},
        traceparent: '00-0123456789abcdef0123456789abcdef-0123456789abcdef-01',
        signal: new AbortController().signal,
        ...extra,
      });
    return { fixture, call };
  };

  const progressTokensSent = (fixture: FixtureServer): unknown[] =>
    fixture.requests
      .filter((r) => (r.body as { method?: string } | undefined)?.method === 'tools/call')
      .map((r) => (r.body as { params: { _meta?: { progressToken?: unknown } } }).params._meta)
      .map((meta) => meta?.progressToken);

  it.each(UPSTREAMS)(
    'when the caller asks for progress from a $name upstream, then every notification is relayed before the result',
    async (upstream) => {
      const { fixture, call } = await setUp(upstream);
      const updates: ProgressUpdate[] = [];
      let resultSeenAfter = -1;

      const response = await call({ onProgress: (update) => updates.push(update) }).then((r) => {
        resultSeenAfter = updates.length;
        return r;
      });

      expect(response).toMatchObject({
        kind: 'result',
        result: { structuredContent: { report: 'q3', steps: 3 } },
      });
      expect(updates).toEqual([
        { progress: 1, total: 3, message: 'step 1 of 3' },
        { progress: 2, total: 3, message: 'step 2 of 3' },
        { progress: 3, total: 3, message: 'step 3 of 3' },
      ]);
      expect(resultSeenAfter).toBe(3);
      expect(progressTokensSent(fixture)).toEqual([expect.anything()]);
    },
  );

  it.each(UPSTREAMS)(
    "when the agent's own progress token rides in the params to a $name upstream, then the upstream gets the gateway's token instead",
    async (upstream) => {
      const { fixture, call } = await setUp(upstream);
      const updates: ProgressUpdate[] = [];

      await call({
        params: {
          name: 'export_report',
          arguments: {},
          _meta: { progressToken: AGENT_TOKEN },
        },
        onProgress: (update) => updates.push(update),
      });

      const [sent] = progressTokensSent(fixture);
      expect(sent).toBeDefined();
      expect(sent).not.toBe(AGENT_TOKEN);
      expect(JSON.stringify(fixture.requests)).not.toContain(AGENT_TOKEN);
      expect(updates).toHaveLength(3);
    },
  );

  it.each(UPSTREAMS)(
    'when the caller asks for no progress from a $name upstream, then no progress token is sent and the result is the same',
    async (upstream) => {
      const { fixture, call } = await setUp(upstream);

      const response = await call();

      expect(response).toMatchObject({
        kind: 'result',
        result: { structuredContent: { report: 'q3', steps: 3 } },
      });
      expect(progressTokensSent(fixture)).toEqual([undefined]);
    },
  );

  it.each(UPSTREAMS)(
    'when progress is asked for but the $name upstream sends none, then the call answers normally',
    async (upstream) => {
      const { call } = await setUp(upstream);
      const updates: ProgressUpdate[] = [];

      const response = await call({
        params: { name: 'quick_report', arguments: {} },
        onProgress: (update) => updates.push(update),
      });

      expect(response).toMatchObject({
        kind: 'result',
        result: { structuredContent: { report: 'default', steps: 0 } },
      });
      expect(updates).toEqual([]);
    },
  );

  it('when two calls with progress share one session upstream, then each gets only its own updates', async () => {
    const { call } = await setUp(UPSTREAMS[1]!);
    const first: ProgressUpdate[] = [];
    const second: ProgressUpdate[] = [];

    await Promise.all([
      call({ onProgress: (update) => first.push(update) }),
      call({ onProgress: (update) => second.push(update) }),
    ]);

    expect(first.map((u) => u.progress)).toEqual([1, 2, 3]);
    expect(second.map((u) => u.progress)).toEqual([1, 2, 3]);
  });
});
