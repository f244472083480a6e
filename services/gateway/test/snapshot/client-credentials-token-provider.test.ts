import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createClientCredentialsTokenProvider } from '../../src/data-access/client-credentials-token-provider.js';
import { createRegistrySnapshotSource } from '../../src/data-access/registry-snapshot-source.js';
import { startFakeServer } from './fake-registry.js';

type Server = Awaited<ReturnType<typeof startFakeServer>>;
let idp: Server;
let issued: number;
const forms: string[] = [];

beforeEach(async () => {
  idp = await startFakeServer();
  issued = 0;
  forms.length = 0;
  idp.answer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      forms.push(body);
      if (
        req.headers.authorization !== `Basic ${Buffer.from('gateway:s3cret').toString('base64')}`
      ) {
        res.writeHead(401, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: 'invalid_client' }));
        return;
      }
      issued += 1;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({ access_token: `tok-${issued}`, token_type: 'Bearer', expires_in: 300 }),
      );
    });
  });
});
afterEach(async () => {
  await idp.close();
});

function fakeClock() {
  let ms = 0;
  return { now: () => new Date(ms), advance: (by: number) => (ms += by) };
}

function provider(clock = fakeClock(), clientSecret = 's3cret') {
  return createClientCredentialsTokenProvider({
    tokenUrl: `${idp.url}/token`,
    clientId: 'gateway',
    clientSecret,
    scope: 'registry:snapshot',
    audience: 'registry',
    clock,
  });
}

describe('createClientCredentialsTokenProvider', () => {
  it('when asked twice within the lifetime, then one token request serves both', async () => {
    const tokens = provider();

    const [a, b] = await Promise.all([tokens(), tokens()]);
    const c = await tokens();

    expect([a, b, c]).toEqual(['tok-1', 'tok-1', 'tok-1']);
    expect(issued).toBe(1);
    expect(new URLSearchParams(forms[0])).toEqual(
      new URLSearchParams(
        'grant_type=client_credentials&scope=registry%3Asnapshot&audience=registry',
      ),
    );
  });

  it('when the token is within 30 s of expiry, then a new one is fetched', async () => {
    const clock = fakeClock();
    const tokens = provider(clock);
    await tokens();

    clock.advance(269_000);
    const stillCached = await tokens();
    clock.advance(2_000);
    const renewed = await tokens();

    expect([stillCached, renewed]).toEqual(['tok-1', 'tok-2']);
  });

  it('when refresh is forced, then a new token is fetched even if cached', async () => {
    const tokens = provider();
    await tokens();

    await expect(tokens({ refresh: true })).resolves.toBe('tok-2');
  });

  it('when the client is refused, then the error names the OAuth code and not the secret', async () => {
    const tokens = provider(fakeClock(), 'wrong-secret-value');

    const error = (await tokens().catch((err: unknown) => err)) as Error;

    expect(error.message).toBe('token endpoint answered 401 (invalid_client)');
    expect(error.message).not.toContain('wrong-secret-value');
  });
});

describe('createRegistrySnapshotSource', () => {
  it('when the registry answers 401, then it retries once with a refreshed token', async () => {
    const registry = await startFakeServer();
    registry.answer((req, res) => {
      if (req.headers.authorization === 'Bearer tok-1') res.writeHead(401).end();
      else res.writeHead(200, { etag: '"e"' }).end('{}');
    });
    const source = createRegistrySnapshotSource({
      registryUrl: registry.url,
      environment: 'prod',
      tokenProvider: provider(),
    });

    const result = await source.fetch(undefined).finally(() => registry.close());

    expect(result).toEqual({ status: 'ok', etag: '"e"', body: '{}' });
    expect(registry.requests.map((r) => r.headers.authorization)).toEqual([
      'Bearer tok-1',
      'Bearer tok-2',
    ]);
  });

  it('when the registry stalls past the timeout, then the poll fails instead of hanging', async () => {
    const registry = await startFakeServer();
    registry.answer((_req, res) => res.writeHead(200, { etag: '"e"' }).write('{"partial":'));
    const source = createRegistrySnapshotSource({
      registryUrl: registry.url,
      environment: 'prod',
      tokenProvider: () => Promise.resolve('t'),
      timeoutMs: 100,
    });

    const error = await source.fetch(undefined).catch((err: unknown) => err as Error);
    await registry.close();

    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/timed out after 100 ms/);
  });
});
