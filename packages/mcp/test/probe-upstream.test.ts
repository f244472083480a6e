import { describe, expect, it } from 'vitest';
import { probeUpstream, type FixtureServerOptions, type McpEra } from '@mcpgw/mcp';
import { rpcMethods, useFixtures } from './fixtures-lifecycle.js';

const CASES: Array<{
  name: string;
  options: FixtureServerOptions;
  era: McpEra;
  roundTrip: string;
}> = [
  {
    name: 'stateless JSON',
    options: { era: 'stateless' },
    era: 'stateless-2026-07-28',
    roundTrip: 'server/discover',
  },
  {
    name: 'stateless SSE',
    options: { era: 'stateless', respondWithSse: true },
    era: 'stateless-2026-07-28',
    roundTrip: 'server/discover',
  },
  {
    name: 'session JSON',
    options: { era: 'session' },
    era: 'session-2025-11-25',
    roundTrip: 'ping',
  },
  {
    name: 'session SSE',
    options: { era: 'session', respondWithSse: true },
    era: 'session-2025-11-25',
    roundTrip: 'ping',
  },
  {
    name: 'legacy HTTP+SSE',
    options: { era: 'legacy-sse' },
    era: 'legacy-sse-2024-11-05',
    roundTrip: 'ping',
  },
];

describe('probeUpstream', () => {
  const start = useFixtures();

  it.each(CASES)(
    'when the upstream is $name, then reports ok with its era after a $roundTrip round trip',
    async ({ options, era, roundTrip }) => {
      const fixture = await start(options);

      const result = await probeUpstream({ url: fixture.url });

      expect(result).toMatchObject({ ok: true, era });
      expect(result.latencyMs).toBeGreaterThanOrEqual(0);
      expect(rpcMethods(fixture)).toContain(roundTrip);
    },
  );

  it('when the upstream hangs, then reports not ok within the timeout', async () => {
    const fixture = await start({ era: 'stateless', behaviour: 'hang' });
    const startedAt = Date.now();

    const result = await probeUpstream({ url: fixture.url, timeoutMs: 500 });

    expect(result.ok).toBe(false);
    expect(result.error).toBe('connect: timeout');
    expect(Date.now() - startedAt).toBeLessThan(500 + 2_500);
  });

  it('when the upstream answers slower than the timeout, then reports not ok', async () => {
    const fixture = await start({ era: 'session', behaviour: 'slow', delayMs: 1_500 });

    const result = await probeUpstream({ url: fixture.url, timeoutMs: 300 });

    expect(result).toMatchObject({ ok: false, error: 'connect: timeout' });
  });

  it('when the upstream answers garbage, then reports not ok without throwing', async () => {
    const fixture = await start({ era: 'session', behaviour: 'garbage' });

    const result = await probeUpstream({
      url: fixture.url,
      headers: { authorization: 'Bearer probe-secret' },
    });

    expect(result.ok).toBe(false);
    expect(result.error).toMatch(/^connect: /);
    expect(JSON.stringify(result)).not.toContain('probe-secret');
  });

  it('when the URL is not even a URL, then reports not ok without throwing', async () => {
    const result = await probeUpstream({ url: 'not a url' });

    expect(result.ok).toBe(false);
  });

  it('when a session upstream is probed, then its session is closed afterwards', async () => {
    const fixture = await start({ era: 'session' });

    await probeUpstream({ url: fixture.url });

    expect(fixture.requests.some((request) => request.method === 'DELETE')).toBe(true);
  });
});
