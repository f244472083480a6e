import { describe, expect, it } from 'vitest';
import { createCachedSecretSource } from '../../src/data-access/secrets/cached-secret-source.js';
import { SecretUnavailableError } from '../../src/domain/credentials/secret-source.js';

function controllableFetch() {
  const calls: string[] = [];
  let version = 1;
  let failing = false;
  const pending: Array<() => void> = [];
  let gated = false;
  return {
    calls,
    rotate: () => void (version += 1),
    fail: (on: boolean) => void (failing = on),
    gate: (on: boolean) => void (gated = on),
    release: () => pending.splice(0).forEach((go) => go()),
    fetch: async (ref: string): Promise<string> => {
      calls.push(ref);
      if (gated) await new Promise<void>((resolve) => pending.push(resolve));
      if (failing) throw new SecretUnavailableError(ref);
      return `${ref}-v${version}`;
    },
  };
}

describe('createCachedSecretSource', () => {
  it('when a value is within its TTL, then it is served from the cache', async () => {
    let now = 1_000;
    const remote = controllableFetch();
    const source = createCachedSecretSource(remote.fetch, { ttlMs: 60_000, now: () => now });
    expect(await source.get('arn:a')).toBe('arn:a-v1');
    remote.rotate();
    now += 59_999;
    expect(await source.get('arn:a')).toBe('arn:a-v1');
    expect(remote.calls).toEqual(['arn:a']);
  });

  it('when the TTL has passed, then the value is fetched again', async () => {
    let now = 1_000;
    const remote = controllableFetch();
    const source = createCachedSecretSource(remote.fetch, { ttlMs: 60_000, now: () => now });
    await source.get('arn:a');
    remote.rotate();
    now += 60_000;
    expect(await source.get('arn:a')).toBe('arn:a-v2');
    expect(remote.calls).toHaveLength(2);
  });

  it('when concurrent gets miss, then they share one fetch', async () => {
    const remote = controllableFetch();
    const source = createCachedSecretSource(remote.fetch, { ttlMs: 60_000 });
    remote.gate(true);
    const all = Promise.all(Array.from({ length: 20 }, () => source.get('arn:a')));
    remote.release();
    expect(new Set(await all)).toEqual(new Set(['arn:a-v1']));
    expect(remote.calls).toEqual(['arn:a']);
  });

  it('when a fetch fails, then the failure is not cached', async () => {
    const remote = controllableFetch();
    const source = createCachedSecretSource(remote.fetch, { ttlMs: 60_000 });
    remote.fail(true);
    await expect(source.get('arn:a')).rejects.toBeInstanceOf(SecretUnavailableError);
    remote.fail(false);
    expect(await source.get('arn:a')).toBe('arn:a-v1');
    expect(remote.calls).toHaveLength(2);
  });

  it('when a reference is invalidated, then the next get fetches the rotated value', async () => {
    const remote = controllableFetch();
    const source = createCachedSecretSource(remote.fetch, { ttlMs: 60_000 });
    await source.get('arn:a');
    remote.rotate();
    source.invalidate('arn:a');
    expect(await source.get('arn:a')).toBe('arn:a-v2');
  });

  it('when an invalidated in-flight fetch fails, then it does not evict the fresh entry', async () => {
    const remote = controllableFetch();
    const source = createCachedSecretSource(remote.fetch, { ttlMs: 60_000 });
    remote.gate(true);
    remote.fail(true);
    const stale = source.get('arn:a').catch(() => 'failed');
    source.invalidate('arn:a');
    remote.gate(false);
    remote.fail(false);
    const fresh = await source.get('arn:a');
    remote.fail(true);
    remote.release();
    expect(await stale).toBe('failed');
    expect(fresh).toBe('arn:a-v1');
    expect(await source.get('arn:a')).toBe('arn:a-v1');
    expect(remote.calls).toHaveLength(2);
  });

  it('when references differ, then they are cached independently', async () => {
    const remote = controllableFetch();
    const source = createCachedSecretSource(remote.fetch, { ttlMs: 60_000 });
    expect(await source.get('arn:a')).toBe('arn:a-v1');
    expect(await source.get('arn:b')).toBe('arn:b-v1');
    source.invalidate('arn:a');
    await source.get('arn:b');
    expect(remote.calls).toEqual(['arn:a', 'arn:b']);
  });
});
