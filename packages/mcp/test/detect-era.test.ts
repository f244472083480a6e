import { describe, expect, it } from 'vitest';
import { detectEra, type FixtureServerOptions, type McpEra } from '@mcpgw/mcp';
import { rejectionOf, useFixtures } from './fixtures-lifecycle.js';

const CASES: Array<{
  options: FixtureServerOptions;
  expected: { era: McpEra; protocolVersion: string };
}> = [
  {
    options: { era: 'stateless' },
    expected: { era: 'stateless-2026-07-28', protocolVersion: '2026-07-28' },
  },
  {
    options: { era: 'session' },
    expected: { era: 'session-2025-11-25', protocolVersion: '2025-11-25' },
  },
  {
    options: { era: 'session', protocolVersion: '2025-06-18' },
    expected: { era: 'session-2025-06-18', protocolVersion: '2025-06-18' },
  },
  {
    options: { era: 'session', protocolVersion: '2025-03-26' },
    expected: { era: 'session-2025-03-26', protocolVersion: '2025-03-26' },
  },
  {
    options: { era: 'legacy-sse' },
    expected: { era: 'legacy-sse-2024-11-05', protocolVersion: '2024-11-05' },
  },
];

describe('detectEra', () => {
  const start = useFixtures();

  it.each(CASES)(
    'when the upstream is $expected.era, then detects it',
    async ({ options, expected }) => {
      const fixture = await start(options);

      const detected = await detectEra({ url: fixture.url });

      expect(detected).toEqual(expected);
    },
  );

  it('when transport is forced to streamable-http on a legacy SSE server, then rejects with the HTTP status', async () => {
    const fixture = await start({ era: 'legacy-sse' });

    const error = await rejectionOf(detectEra({ url: fixture.url, transport: 'streamable-http' }));

    expect(error).toMatchObject({
      code: 'UPSTREAM_FAILED',
      details: { stage: 'connect', reason: 'http-error', status: 405 },
    });
  });

  it('when transport is forced to sse, then a legacy server is reached without trying a POST first', async () => {
    const fixture = await start({ era: 'legacy-sse' });

    await detectEra({ url: fixture.url, transport: 'sse' });

    expect(fixture.requests[0]?.method).toBe('GET');
    expect(
      fixture.requests.some((request) => request.method === 'POST' && request.path === '/sse'),
    ).toBe(false);
  });
});
