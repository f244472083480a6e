import { describe, expect, it } from 'vitest';
import { AppError } from '@mcpgw/errors';
import { discoverUpstream, type FixtureTool } from '@mcpgw/mcp';
import { rejectionOf, useFixtures } from './fixtures-lifecycle.js';

const SECRET = 'Bearer s3cr3t-backend-token';

function tools(count: number): FixtureTool[] {
  return Array.from({ length: count }, (_, index) => ({
    name: `tool_${index}`,
    description: 'x',
    inputSchema: { type: 'object' },
  }));
}

async function failureOf(promise: Promise<unknown>): Promise<AppError> {
  const error = await rejectionOf(promise);
  expect(error).toBeInstanceOf(AppError);
  const appError = error as AppError;
  expect(appError.code).toBe('UPSTREAM_FAILED');
  expect(appError.kind).toBe('upstream');
  return appError;
}

describe('discoverUpstream failures', () => {
  const start = useFixtures();

  it('when the server answers with garbage, then rejects with UPSTREAM_FAILED invalid-response at connect', async () => {
    const fixture = await start({ era: 'stateless', behaviour: 'garbage' });

    const error = await failureOf(
      discoverUpstream({ url: fixture.url, transport: 'streamable-http', timeoutMs: 5_000 }),
    );

    expect(error.details).toEqual({ stage: 'connect', reason: 'invalid-response' });
  });

  it('when the server streams a response larger than 10 MiB, then rejects with response-too-large', async () => {
    const fixture = await start({
      era: 'stateless',
      behaviour: 'huge',
      hugeBytes: 40 * 1024 * 1024,
    });

    const error = await failureOf(discoverUpstream({ url: fixture.url, timeoutMs: 10_000 }));

    expect(error.details).toMatchObject({ stage: 'connect', reason: 'response-too-large' });
  });

  it('when the tools list hands back the same cursor, then rejects with repeated-cursor at list-tools', async () => {
    const fixture = await start({
      era: 'stateless',
      tools: tools(5),
      pageSize: 2,
      behaviour: 'repeat-cursor',
    });

    const error = await failureOf(discoverUpstream({ url: fixture.url }));

    expect(error.details).toEqual({ stage: 'list-tools', reason: 'repeated-cursor' });
  });

  it('when the tools need more pages than maxPages, then rejects with too-many-pages', async () => {
    const fixture = await start({ era: 'session', tools: tools(7), pageSize: 2 });

    const error = await failureOf(discoverUpstream({ url: fixture.url, maxPages: 3 }));

    expect(error.details).toEqual({ stage: 'list-tools', reason: 'too-many-pages' });
  });

  it('when the server has more tools than maxItems, then rejects with too-many-items', async () => {
    const fixture = await start({ era: 'stateless', tools: tools(6), pageSize: 3 });

    const error = await failureOf(discoverUpstream({ url: fixture.url, maxItems: 5 }));

    expect(error.details).toEqual({ stage: 'list-tools', reason: 'too-many-items' });
  });

  it('when the server never answers, then rejects with timeout soon after the budget', async () => {
    const fixture = await start({ era: 'session', behaviour: 'hang' });
    const startedAt = Date.now();

    const error = await failureOf(discoverUpstream({ url: fixture.url, timeoutMs: 800 }));

    expect(error.details).toEqual({ stage: 'connect', reason: 'timeout' });
    expect(Date.now() - startedAt).toBeLessThan(800 + 3_000);
  });

  it('when the server drops the connection mid-stream, then rejects with connection-closed without waiting for the budget', async () => {
    const fixture = await start({ era: 'stateless', behaviour: 'close-mid-stream' });
    const startedAt = Date.now();

    const error = await failureOf(
      discoverUpstream({ url: fixture.url, transport: 'streamable-http', timeoutMs: 10_000 }),
    );

    expect(error.details).toEqual({ stage: 'connect', reason: 'connection-closed' });
    expect(Date.now() - startedAt).toBeLessThan(5_000);
  });

  it('when nothing listens at the URL, then rejects with unreachable', async () => {
    const fixture = await start({ era: 'stateless' });
    await fixture.close();

    const error = await failureOf(discoverUpstream({ url: fixture.url, timeoutMs: 5_000 }));

    expect(error.details).toEqual({ stage: 'connect', reason: 'unreachable' });
  });

  it('when the upstream answers 401, then rejects with http-error and the status', async () => {
    const denying: typeof fetch = async () => new Response('no', { status: 401 });

    const error = await failureOf(
      discoverUpstream({
        url: 'http://127.0.0.1:9/mcp',
        fetch: denying,
        transport: 'streamable-http',
      }),
    );

    expect(error.details).toEqual({ stage: 'connect', reason: 'http-error', status: 401 });
  });

  it.each(['garbage', 'hang', 'close-mid-stream'] as const)(
    'when discovery fails (%s), then no header value appears in the message, details or cause',
    async (behaviour) => {
      const fixture = await start({ era: 'session', behaviour });

      const error = await failureOf(
        discoverUpstream({
          url: fixture.url,
          timeoutMs: 800,
          headers: { authorization: SECRET, 'x-api-key': 'k-987654' },
        }),
      );

      const cause = error.cause as Error | undefined;
      const visible = JSON.stringify([error.message, error.details, cause?.message, String(cause)]);
      expect(visible).not.toContain('s3cr3t');
      expect(visible).not.toContain('k-987654');
      expect(fixture.requests[0]?.headers['authorization']).toBe(SECRET);
    },
  );

  it('when the injected fetch refuses the address with an AppError, then that error is passed through', async () => {
    const blocked = new AppError('SSRF_BLOCKED', 'validation', 'The address is not allowed.');
    const guarded: typeof fetch = async () => {
      throw blocked;
    };

    const error = await rejectionOf(
      discoverUpstream({ url: 'http://169.254.169.254/mcp', fetch: guarded }),
    );

    expect(error).toBe(blocked);
  });
});
