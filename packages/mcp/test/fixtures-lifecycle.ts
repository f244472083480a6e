import { afterEach } from 'vitest';
import { startFixtureServer, type FixtureServer, type FixtureServerOptions } from '@mcpgw/mcp';

/** Starts fixtures that are closed after each test, whatever the test did. */
export function useFixtures(): (options: FixtureServerOptions) => Promise<FixtureServer> {
  const started: FixtureServer[] = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map((fixture) => fixture.close()));
  });
  return async (options) => {
    const fixture = await startFixtureServer(options);
    started.push(fixture);
    return fixture;
  };
}

/** The JSON-RPC methods the fixture received, in order. */
export function rpcMethods(fixture: FixtureServer): string[] {
  return fixture.requests
    .map((request) => (request.body as { method?: unknown } | undefined)?.method)
    .filter((method): method is string => typeof method === 'string');
}

export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}
