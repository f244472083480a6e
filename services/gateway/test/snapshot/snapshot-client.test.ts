import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { gatewaySnapshotSchema, type GatewaySnapshot } from '@mcpgw/snapshot';
import { createRegistrySnapshotSource } from '../../src/data-access/registry-snapshot-source.js';
import { createSnapshotClient } from '../../src/domain/snapshot/snapshot-client.js';
import { startFakeServer, snapshotJson } from './fake-registry.js';

type Registry = Awaited<ReturnType<typeof startFakeServer>>;
let registry: Registry;

beforeEach(async () => {
  registry = await startFakeServer();
});
afterEach(async () => {
  await registry.close();
});

function fakeClock() {
  let ms = Date.parse('2026-03-01T10:00:00.000Z');
  return { now: () => new Date(ms), advance: (by: number) => (ms += by) };
}

function setup(options: { maxBytes?: number; url?: string } = {}) {
  const clock = fakeClock();
  const warnings: string[] = [];
  let compilations = 0;
  const client = createSnapshotClient({
    source: createRegistrySnapshotSource({
      registryUrl: options.url ?? registry.url,
      environment: 'dev',
      tokenProvider: () => Promise.resolve('svc-token'),
      ...(options.maxBytes === undefined ? {} : { maxBytes: options.maxBytes }),
    }),
    validate: (json) => gatewaySnapshotSchema.parse(json),
    compile: (snapshot: GatewaySnapshot) => {
      compilations += 1;
      if (snapshot.agents.some((a) => a.id === 'uncompilable')) {
        throw new Error('policy p1 does not compile');
      }
      return { agentIds: new Set(snapshot.agents.map((a) => a.id)) };
    },
    clock,
    logger: { info: () => undefined, warn: (message) => warnings.push(message) },
  });
  return { client, clock, warnings, compilations: () => compilations };
}

function serve(body: string, etag: string): void {
  registry.answer((req, res) => {
    if (req.headers['if-none-match'] === etag) res.writeHead(304, { etag }).end();
    else res.writeHead(200, { etag, 'content-type': 'application/json' }).end(body);
  });
}

describe('createSnapshotClient', () => {
  it('when the first poll answers 200, then it is ready and serves the compiled snapshot', async () => {
    const { client } = setup();
    serve(snapshotJson('t1', ['agent-a']), '"v1"');

    expect(client.isReady()).toBe(false);
    await expect(client.pollOnce()).resolves.toBe('updated');

    expect(client.isReady()).toBe(true);
    expect(client.current()?.etag).toBe('"v1"');
    expect([...(client.current()?.compiled.agentIds ?? [])]).toEqual(['agent-a']);
    const request = registry.requests[0]!;
    expect(request.url).toBe('/internal/v1/snapshot?environment=dev');
    expect(request.headers.authorization).toBe('Bearer svc-token');
  });

  it('when the registry answers 304, then the state is kept, not recompiled, and the age resets', async () => {
    const { client, clock, compilations } = setup();
    serve(snapshotJson('t1'), '"v1"');
    await client.pollOnce();
    const first = client.current();
    clock.advance(7000);
    const ageBefore = client.ageSeconds();

    await expect(client.pollOnce()).resolves.toBe('not_modified');

    expect(registry.requests[1]?.headers['if-none-match']).toBe('"v1"');
    expect(ageBefore).toBe(7);
    expect(client.ageSeconds()).toBe(0);
    expect(client.current()).toBe(first);
    expect(compilations()).toBe(1);
  });

  it('when the registry is down before the first snapshot, then it stays not ready', async () => {
    const { client } = setup({ url: 'http://127.0.0.1:1' });

    await expect(client.pollOnce()).resolves.toBe('failed');

    expect(client.isReady()).toBe(false);
    expect(client.ageSeconds()).toBe(Infinity);
    expect(client.stats()).toMatchObject({ failures: 1, consecutiveFailures: 1 });
  });

  it('when the registry goes down later, then the last good snapshot keeps serving and age grows', async () => {
    const { client, clock } = setup();
    serve(snapshotJson('t1', ['agent-a']), '"v1"');
    await client.pollOnce();
    registry.answer((_req, res) => res.writeHead(503).end('unavailable'));
    clock.advance(30_000);

    await expect(client.pollOnce()).resolves.toBe('failed');

    expect(client.isReady()).toBe(true);
    expect(client.current()?.etag).toBe('"v1"');
    expect(client.ageSeconds()).toBe(30);
    expect(client.stats().lastError).toBe('registry answered 503 to the snapshot poll');
  });

  it('when the body is not JSON or fails the schema, then the last good state stays and failures count', async () => {
    const { client, warnings } = setup();
    serve(snapshotJson('t1'), '"v1"');
    await client.pollOnce();
    const good = client.current();

    serve('{"schemaVersion": 1, "environ', '"v2"');
    const garbage = await client.pollOnce();
    serve(JSON.stringify({ schemaVersion: 2 }), '"v3"');
    const invalid = await client.pollOnce();

    expect([garbage, invalid]).toEqual(['failed', 'failed']);
    expect(client.current()).toBe(good);
    expect(client.stats()).toMatchObject({ failures: 2, consecutiveFailures: 2 });
    expect(warnings).toEqual(['snapshot_poll_failed']);
  });

  it('when the body is larger than the bound, then it is refused and not served', async () => {
    const { client } = setup({ maxBytes: 1024 });
    serve(
      snapshotJson(
        't1',
        Array.from({ length: 100 }, (_, i) => `agent-${i}`),
      ),
      '"big"',
    );

    await expect(client.pollOnce()).resolves.toBe('failed');

    expect(client.isReady()).toBe(false);
    expect(client.stats().lastError).toMatch(/exceeds the 1024-byte limit/);
  });

  it('when a new snapshot arrives, then a reader holding the old state still sees it whole', async () => {
    const { client } = setup();
    const changes: (string | undefined)[] = [];
    client.onChange((state) => changes.push(state.etag));
    serve(snapshotJson('t1', ['agent-a']), '"v1"');
    await client.pollOnce();
    const held = client.current()!;

    serve(snapshotJson('t2', ['agent-b', 'agent-c']), '"v2"');
    await client.pollOnce();

    expect(held.etag).toBe('"v1"');
    expect(held.snapshot.agents.map((a) => a.id)).toEqual(['agent-a']);
    expect([...held.compiled.agentIds]).toEqual(['agent-a']);
    expect(Object.isFrozen(held)).toBe(true);
    expect(client.current()?.snapshot.agents.map((a) => a.id)).toEqual(['agent-b', 'agent-c']);
    expect(changes).toEqual(['"v1"', '"v2"']);
  });

  it('when compile throws, then the snapshot is rejected and the previous state kept', async () => {
    const { client } = setup();
    serve(snapshotJson('t1', ['agent-a']), '"v1"');
    await client.pollOnce();
    const good = client.current();

    serve(snapshotJson('t2', ['uncompilable']), '"v2"');
    await expect(client.pollOnce()).resolves.toBe('failed');

    expect(client.stats().lastError).toBe('snapshot rejected: policy p1 does not compile');
    expect(client.current()).toBe(good);
  });

  it('when started and stopped, then it polls at once and leaves no timer running', async () => {
    const { client } = setup();
    serve(snapshotJson('t1'), '"v1"');
    const changed = new Promise((resolve) => client.onChange(resolve));

    client.start();
    await changed;
    await client.stop();

    expect(client.isReady()).toBe(true);
    expect(registry.requests).toHaveLength(1);
  });
});
